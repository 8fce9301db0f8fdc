-- SQL sent by libs/audit/src/audit-log.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   enterprise registration (POST /enterprises)

-- first sent by: enterprise registration (POST /enterprises)
INSERT INTO
  audit.entries (
    at,
    actor_kind,
    actor_id,
    actor_name,
    actor_roles,
    action,
    entity_type,
    entity_id,
    before,
    after,
    reason,
    request_id
  )
SELECT
  $1::timestamptz,
  $2,
  $3,
  $4,
  $5::text[],
  x.action,
  x.entity_type,
  x.entity_id,
  x.before::jsonb,
  x.after::jsonb,
  x.reason,
  $6
FROM
  (
    SELECT
      pg_current_xact_id()
    OFFSET
      0
  ) AS tx,
  unnest(
    $7::text[],
    $8::text[],
    $9::text[],
    $10::text[],
    $11::text[],
    $12::text[]
  ) WITH ORDINALITY AS x (
    action,
    entity_type,
    entity_id,
    before,
    after,
    reason,
    n
  )
ORDER BY
  x.n;
