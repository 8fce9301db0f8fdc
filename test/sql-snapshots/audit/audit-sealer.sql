-- SQL sent by libs/audit/src/audit-sealer.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   the audit sealer (a 200 ms timer chaining committed audit entries)

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  *
FROM
  audit.entries
WHERE
  seq >= $1
ORDER BY
  seq
LIMIT
  $2;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  CASE
    WHEN is_called THEN last_value
    ELSE 0
  END::text AS last
FROM
  audit.entries_seq_seq;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  NOT EXISTS (
    SELECT
      1
    FROM
      pg_snapshot_xip($1::pg_snapshot) AS x
    WHERE
      pg_xact_status(x) = 'in progress'
  ) AS done;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  e.seq::text AS seq,
  e.hash
FROM
  audit.entries e
WHERE
  e.hash IS NOT NULL
ORDER BY
  e.seq DESC
LIMIT
  1;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  pg_current_snapshot()::text AS snapshot;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
SELECT
  pg_try_advisory_xact_lock($1) AS ok;

-- first sent by: the audit sealer (a 200 ms timer chaining committed audit entries)
UPDATE audit.entries e
SET
  key_id = $1,
  prev_hash = x.prev,
  hash = x.hash
FROM
  unnest($2::bigint[], $3::text[], $4::text[]) AS x (seq, prev, hash)
WHERE
  e.seq = x.seq;
