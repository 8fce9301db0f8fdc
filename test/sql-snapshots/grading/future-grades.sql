-- SQL sent by libs/grading/src/future-grades.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
DELETE FROM grading.grades
WHERE
  enterprise_id = $1
  AND valid_from > $2::date;
