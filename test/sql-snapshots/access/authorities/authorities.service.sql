-- SQL sent by libs/access/src/authorities/authorities.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   listing decision, regrading its enterprise (POST /listings/{id}/decide)

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
SELECT
  a.id,
  a.code,
  a.name,
  a.level,
  a.region_code AS "regionCode",
  a.parent_id AS "parentId",
  p.code AS "parentCode",
  a.active
FROM
  access.authorities a
  LEFT JOIN access.authorities p ON p.id = a.parent_id
WHERE
  a.id::text = $1;

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
SELECT
  level,
  name_zh,
  name_en,
  upper_consent_required
FROM
  access.authority_levels
ORDER BY
  rank;
