-- SQL sent by libs/changes/src/outbox/change-outbox.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   enterprise registration (POST /enterprises)
--   listing decision, regrading its enterprise (POST /listings/{id}/decide)

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  CASE
    WHEN row_number() OVER (
      ORDER BY
        i.id
    ) = 1 THEN (
      SELECT
        coalesce(
          json_agg(
            m
            ORDER BY
              m.purpose,
              m.kind DESC,
              m.code
          ),
          '[]'::json
        )
      FROM
        (
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
        ) AS m
    )
  END AS catalogue,
  i.id AS enterprise_id,
  e.id IS NOT NULL AS registered,
  e.uscc,
  e.org_code,
  e.name,
  e.status,
  g.grade,
  EXISTS (
    SELECT
      1
    FROM
      blacklist.listings_on (i.id, $2::date)
  ) AS listed,
  a.enterprise_id IS NOT NULL AS known,
  a.name AS a_name,
  a.status AS a_status,
  a.grade AS a_grade,
  a.listed AS a_listed,
  a.verdicts AS a_verdicts
FROM
  (
    SELECT DISTINCT
      id
    FROM
      unnest($1::uuid[]) AS u (id)
  ) AS i
  LEFT JOIN enterprises.enterprises e ON e.id = i.id
  LEFT JOIN LATERAL grading.grade_on (i.id, $2::date) g ON true
  LEFT JOIN changes.answers a ON a.enterprise_id = i.id
ORDER BY
  i.id;

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  changes.lock_answers (7305101, $1::uuid[]);

-- first sent by: enterprise registration (POST /enterprises)
WITH
  ev AS (
    INSERT INTO
      changes.events (
        enterprise_id,
        uscc,
        org_code,
        cause,
        effective_on,
        purposes,
        verdicts,
        before,
        after,
        bulk
      )
    SELECT
      x.enterprise_id,
      x.uscc,
      x.org_code,
      $2,
      $3::date,
      x.purposes,
      x.verdicts,
      x.before,
      x.after,
      $5::boolean
    FROM
      ROWS
    FROM
      (
        json_to_recordset($1::json) AS (
          enterprise_id uuid,
          uscc text,
          org_code text,
          purposes text[],
          verdicts jsonb,
          before jsonb,
          after jsonb
        )
      ) WITH ORDINALITY AS x (
        enterprise_id,
        uscc,
        org_code,
        purposes,
        verdicts,
        before,
        after,
        n
      )
    ORDER BY
      x.n
    RETURNING
      1
  ),
  answer AS (
    INSERT INTO
      changes.answers (
        enterprise_id,
        name,
        status,
        grade,
        listed,
        verdicts
      )
    SELECT
      x.enterprise_id,
      x.name,
      x.status,
      x.grade,
      x.listed,
      x.verdicts
    FROM
      json_to_recordset($4::json) AS x (
        enterprise_id uuid,
        name text,
        status text,
        grade text,
        listed boolean,
        verdicts jsonb
      )
    ON CONFLICT (enterprise_id) DO UPDATE
    SET
      name = EXCLUDED.name,
      status = EXCLUDED.status,
      grade = EXCLUDED.grade,
      listed = EXCLUDED.listed,
      verdicts = EXCLUDED.verdicts,
      updated_at = now()
    RETURNING
      1
  )
SELECT
  (
    SELECT
      count(*)
    FROM
      ev
  )::int AS events,
  (
    SELECT
      count(*)
    FROM
      answer
  )::int AS answers;

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
WITH
  ev AS (
    INSERT INTO
      changes.events (
        enterprise_id,
        uscc,
        org_code,
        cause,
        effective_on,
        purposes,
        verdicts,
        before,
        after,
        bulk
      )
    SELECT
      x.enterprise_id,
      x.uscc,
      x.org_code,
      $2,
      $3::date,
      x.purposes,
      x.verdicts,
      x.before,
      x.after,
      $5::boolean
    FROM
      ROWS
    FROM
      (
        json_to_recordset($1::json) AS (
          enterprise_id uuid,
          uscc text,
          org_code text,
          purposes text[],
          verdicts jsonb,
          before jsonb,
          after jsonb
        )
      ) WITH ORDINALITY AS x (
        enterprise_id,
        uscc,
        org_code,
        purposes,
        verdicts,
        before,
        after,
        n
      )
    ORDER BY
      x.n
    RETURNING
      1
  ),
  answer AS (
    INSERT INTO
      changes.answers (
        enterprise_id,
        name,
        status,
        grade,
        listed,
        verdicts
      )
    SELECT
      x.enterprise_id,
      x.name,
      x.status,
      x.grade,
      x.listed,
      x.verdicts
    FROM
      json_to_recordset($4::json) AS x (
        enterprise_id uuid,
        name text,
        status text,
        grade text,
        listed boolean,
        verdicts jsonb
      )
    ON CONFLICT (enterprise_id) DO UPDATE
    SET
      name = EXCLUDED.name,
      status = EXCLUDED.status,
      grade = EXCLUDED.grade,
      listed = EXCLUDED.listed,
      verdicts = EXCLUDED.verdicts,
      updated_at = now()
    RETURNING
      1
  ),
  grade_closed AS (
    UPDATE grading.grades
    SET
      valid_to = $12::date
    WHERE
      id = $17::bigint
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
      $6,
      $7,
      $8,
      $9,
      $10,
      $11,
      $12,
      $13,
      $14,
      $15,
      $16
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
  (
    SELECT
      count(*)
    FROM
      ev
  )::int AS events,
  (
    SELECT
      count(*)
    FROM
      answer
  )::int AS answers;
