-- SQL sent by libs/credit-records/src/credit-records.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)

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
