-- SQL sent by libs/joint-measures/src/measures/measures.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   single check (GET /checks/{code})

-- first sent by: single check (GET /checks/{code})
SELECT
  code,
  department,
  purpose,
  trigger,
  trigger_grade AS "triggerGrade",
  kind,
  legal_basis AS "legalBasis",
  json_build_object('zh', text_zh, 'en', text_en) AS text,
  active,
  version
FROM
  measures.catalogue
WHERE
  active
ORDER BY
  purpose,
  kind DESC,
  code;
