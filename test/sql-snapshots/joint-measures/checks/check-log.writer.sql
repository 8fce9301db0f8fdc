-- SQL sent by libs/joint-measures/src/checks/check-log.writer.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   single check (GET /checks/{code})

-- first sent by: single check (GET /checks/{code})
INSERT INTO
  measures.checks (
    receipt_id,
    checked_at,
    actor_kind,
    actor_id,
    actor_name,
    agency_id,
    request_id,
    batch_id,
    purpose,
    as_of,
    input_code,
    enterprise_id,
    verdict,
    answer
  )
SELECT
  "receiptId",
  "checkedAt",
  "actorKind",
  "actorId",
  "actorName",
  "agencyId",
  "requestId",
  "batchId",
  purpose,
  "asOf",
  "inputCode",
  "enterpriseId",
  verdict,
  answer
FROM
  json_to_recordset($1::json) AS r (
    "receiptId" uuid,
    "checkedAt" timestamptz,
    "actorKind" text,
    "actorId" text,
    "actorName" text,
    "agencyId" uuid,
    "requestId" text,
    "batchId" uuid,
    purpose text,
    "asOf" date,
    "inputCode" text,
    "enterpriseId" uuid,
    verdict text,
    answer jsonb
  )
ON CONFLICT (receipt_id) DO NOTHING;
