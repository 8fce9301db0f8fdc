-- SQL sent by libs/grading/src/grades.repository.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
--   public register card (GET /public/enterprises/{code})
--   public register search (GET /public/enterprises?q=)

-- first sent by: public register card (GET /public/enterprises/{code})
SELECT
  g.grade AS "grade",
  g.score AS "score",
  g.valid_from::text AS "validFrom",
  g.model_version AS "modelVersion",
  g.overridden AS "overridden"
FROM
  grading.grade_on ($1, $2::date) g;

-- first sent by: public register search (GET /public/enterprises?q=)
SELECT
  i.id AS "enterpriseId",
  g.grade AS "grade",
  g.score AS "score",
  g.valid_from::text AS "validFrom",
  g.model_version AS "modelVersion",
  g.overridden AS "overridden"
FROM
  unnest($1::uuid[]) AS i (id)
  CROSS JOIN LATERAL grading.grade_on (i.id, $2::date) g;

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
WITH
  grade_closed AS (
    UPDATE grading.grades
    SET
      valid_to = $7::date
    WHERE
      id = $12::bigint
      AND valid_to IS NULL
    RETURNING
      id
  ),
  grade_written AS (
    INSERT INTO
      grading.grades (
        enterprise_id,
        grade,
        score,
        model_version,
        explanation,
        standing,
        valid_from,
        overridden,
        override_id,
        source,
        run_id
      )
    SELECT
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
      $11
    FROM
      (
        SELECT
          1
      ) AS one
      LEFT JOIN grade_closed ON true
    RETURNING
      id::text AS id
  )
SELECT
  id
FROM
  grade_written;
