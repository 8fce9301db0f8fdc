-- SQL sent by libs/public-register/src/public-register.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   public register card (GET /public/enterprises/{code})

-- first sent by: public register card (GET /public/enterprises/{code})
(
  SELECT
    e.id,
    e.uscc,
    e.org_code AS "orgCode",
    e.name,
    e.region_code AS "regionCode",
    e.industry_code AS "industryCode",
    e.status,
    (e.code_exception_reason IS NOT NULL) AS "codeException"
  FROM
    enterprises.enterprises e
  WHERE
    e.uscc = $1
)
UNION ALL
(
  SELECT
    e.id,
    e.uscc,
    e.org_code AS "orgCode",
    e.name,
    e.region_code AS "regionCode",
    e.industry_code AS "industryCode",
    e.status,
    (e.code_exception_reason IS NOT NULL) AS "codeException"
  FROM
    enterprises.enterprises e
  WHERE
    e.org_code = substr($1, 9, 9)
    AND e.uscc IS NULL
)
LIMIT
  1;
