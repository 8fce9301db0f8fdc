-- SQL sent by libs/changes/src/feed/changes.repository.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   change feed read (GET /changes)

-- first sent by: change feed read (GET /changes)
SELECT
  purged_through::text AS p
FROM
  changes.horizon;
