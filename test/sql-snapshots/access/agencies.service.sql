-- SQL sent by libs/access/src/agencies.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   API-key auth (a partner request with a key not yet cached)

-- first sent by: API-key auth (a partner request with a key not yet cached)
SELECT
  k.id AS "keyId",
  k.key_hash AS "keyHash",
  a.id,
  a.code,
  a.name,
  a.department,
  a.region_code AS "regionCode",
  a.purposes,
  a.active
FROM
  access.api_keys k
  JOIN access.agencies a ON a.id = k.agency_id
WHERE
  k.prefix = $1
  AND k.revoked_at IS NULL
  AND k.expires_at > now()
  AND a.active;
