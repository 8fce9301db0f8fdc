-- SQL sent by libs/credit-records/src/credit-records.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
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

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
INSERT INTO
  credit.records (
    enterprise_id,
    category_code,
    severity,
    polarity,
    occurred_on,
    publish_until,
    document_number,
    issuing_department,
    legal_basis,
    description,
    source,
    strict_repair,
    created_by
  )
VALUES
  (
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    $10,
    $11,
    $12,
    $13
  )
RETURNING
  id;
