-- SQL sent by libs/changes/src/feed/changes.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   change feed read (GET /changes)

-- first sent by: change feed read (GET /changes)
SELECT
  cursor::text AS cursor,
  enterprise_id AS "enterpriseId",
  uscc,
  org_code AS "orgCode",
  cause,
  effective_on::text AS "effectiveOn",
  to_char(
    recorded_at AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'
  ) AS "recordedAt",
  purposes,
  verdicts,
  before,
  after
FROM
  changes.events e
WHERE
  e.cursor > $1::bigint
  AND (
    $3::text[] IS NULL
    OR e.purposes && $3::text[]
    OR cardinality(e.purposes) = 0
  )
ORDER BY
  e.cursor
LIMIT
  $2;
