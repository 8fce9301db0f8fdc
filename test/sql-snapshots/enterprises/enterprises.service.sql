-- SQL sent by libs/enterprises/src/enterprises.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   listing proposal (POST /listings)
--   public register card (GET /public/enterprises/{code})
--   public register search (GET /public/enterprises?q=)

-- first sent by: public register search (GET /public/enterprises?q=)
SELECT
  count(*)::int AS total
FROM
  (
    SELECT
      1
    FROM
      enterprises.enterprises e
    WHERE
      (
        e.name ILIKE $2
        OR e.name % $1
      )
    LIMIT
      10001
  ) m;

-- first sent by: public register card (GET /public/enterprises/{code})
SELECT
  e.id,
  e.uscc,
  e.org_code AS "orgCode",
  e.name,
  to_char(e.name_since, 'YYYY-MM-DD') AS "nameSince",
  e.former_names AS "formerNames",
  e.legal_rep_name AS "legalRepName",
  e.legal_rep_id_enc AS "legalRepIdEnc",
  e.legal_rep_id_hash AS "legalRepIdHash",
  e.legal_rep_id_masked AS "legalRepIdMasked",
  e.legal_rep_phone AS "legalRepPhone",
  e.region_code AS "regionCode",
  e.industry_code AS "industryCode",
  e.status,
  e.address,
  to_char(e.registered_on, 'YYYY-MM-DD') AS "registeredOn",
  e.code_exception_reason AS "codeExceptionReason",
  e.version,
  to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  e.updated_at AS "updatedAt"
FROM
  enterprises.enterprises e
WHERE
  (
    (
      length($1) = 18
      AND (
        e.uscc = $1
        OR (
          e.uscc IS NULL
          AND e.org_code = substr($1, 9, 9)
        )
      )
    )
    OR (
      length($1) = 9
      AND e.org_code = $1
    )
  )
LIMIT
  1;

-- first sent by: public register search (GET /public/enterprises?q=)
SELECT
  e.id,
  e.uscc,
  e.org_code AS "orgCode",
  e.name,
  to_char(e.name_since, 'YYYY-MM-DD') AS "nameSince",
  e.former_names AS "formerNames",
  e.legal_rep_name AS "legalRepName",
  e.legal_rep_id_enc AS "legalRepIdEnc",
  e.legal_rep_id_hash AS "legalRepIdHash",
  e.legal_rep_id_masked AS "legalRepIdMasked",
  e.legal_rep_phone AS "legalRepPhone",
  e.region_code AS "regionCode",
  e.industry_code AS "industryCode",
  e.status,
  e.address,
  to_char(e.registered_on, 'YYYY-MM-DD') AS "registeredOn",
  e.code_exception_reason AS "codeExceptionReason",
  e.version,
  to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  e.updated_at AS "updatedAt",
  (
    CASE
      WHEN e.name = $1 THEN 1000
      WHEN e.name ILIKE $2 THEN 500
      ELSE 0
    END + round(similarity (e.name, $1) * 100)
  )::int AS rank
FROM
  enterprises.enterprises e
WHERE
  (
    e.name ILIKE $2
    OR e.name % $1
  )
ORDER BY
  rank DESC,
  e.id
LIMIT
  $3;

-- first sent by: listing proposal (POST /listings)
SELECT
  legal_rep_name AS name,
  legal_rep_id_hash AS "idHash",
  legal_rep_id_enc AS enc,
  version
FROM
  enterprises.enterprises
WHERE
  id = $1;
