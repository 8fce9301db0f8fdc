-- SQL sent by libs/grading/src/grading.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
--   listing decision, regrading its enterprise (POST /listings/{id}/decide)

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
SELECT
  pg_advisory_xact_lock(7305001, hashtext (($1)::text));

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
WITH
  cur AS (
    SELECT
      id::text AS "id",
      enterprise_id AS "enterpriseId",
      grade AS "grade",
      score::float8 AS "score",
      model_version AS "modelVersion",
      explanation AS "explanation",
      standing AS "standing",
      valid_from::text AS "validFrom",
      valid_to::text AS "validTo",
      overridden AS "overridden",
      override_id AS "overrideId",
      source AS "source",
      created_at AS "createdAt"
    FROM
      grading.grades
    WHERE
      enterprise_id = ANY (ARRAY[$1]::uuid[])
      AND valid_to IS NULL
    FOR UPDATE
  )
SELECT
  (
    SELECT
      row_to_json(cur)
    FROM
      cur
  ) AS current,
  (
    SELECT
      coalesce(
        json_agg(
          json_build_object(
            'id',
            id,
            'categoryCode',
            category_code,
            'polarity',
            polarity,
            'severity',
            severity,
            'occurredOn',
            occurred_on::text,
            'publishUntil',
            publish_until::text,
            'status',
            CASE
              WHEN status = 'repaired' THEN 'active'
              ELSE status
            END
          )
          ORDER BY
            occurred_on,
            id
        ),
        '[]'::json
      )
    FROM
      credit.records
    WHERE
      enterprise_id = $1
      AND occurred_on <= $2::date
      AND (
        status IN ('active', 'disputed')
        OR (
          status = 'repaired'
          AND repaired_on > $2::date
        )
      )
  ) AS records,
  (
    SELECT
      coalesce(
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        ),
        '[]'::json
      )
    FROM
      blacklist.listings_on ($1, $2::date) l
  ) AS listings,
  (
    SELECT
      json_build_object(
        'id',
        id,
        'grade',
        grade,
        'reason',
        reason,
        'validUntil',
        valid_until::text
      )
    FROM
      grading.overrides
    WHERE
      enterprise_id = $1
      AND status = 'approved'
      AND valid_from <= $2::date
      AND $2::date < valid_until
    ORDER BY
      reviewed_at DESC
    LIMIT
      1
  ) AS override,
  (
    SELECT
      coalesce(
        json_agg(
          f.d
          ORDER BY
            f.d
        ),
        '[]'::json
      )
    FROM
      (
        SELECT DISTINCT
          d::text AS d
        FROM
          blacklist.listings l,
          unnest(ARRAY[l.start_date, l.planned_end_date]) AS d
        WHERE
          l.enterprise_id = $1
          AND l.status = 'listed'
          AND l.start_date > $2::date
      ) AS f
  ) AS future_dates,
  EXISTS (
    SELECT
      1
    FROM
      grading.grades
    WHERE
      enterprise_id = $1
      AND valid_from > $2::date
  ) AS future_rows;

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
WITH
  cur AS (
    SELECT
      id::text AS "id",
      enterprise_id AS "enterpriseId",
      grade AS "grade",
      score::float8 AS "score",
      model_version AS "modelVersion",
      explanation AS "explanation",
      standing AS "standing",
      valid_from::text AS "validFrom",
      valid_to::text AS "validTo",
      overridden AS "overridden",
      override_id AS "overrideId",
      source AS "source",
      created_at AS "createdAt"
    FROM
      grading.grades
    WHERE
      enterprise_id = ANY (ARRAY[$1]::uuid[])
      AND valid_to IS NULL
    FOR UPDATE
  )
SELECT
  (
    SELECT
      row_to_json(cur)
    FROM
      cur
  ) AS current,
  (
    SELECT
      coalesce(
        json_agg(
          json_build_object(
            'id',
            id,
            'categoryCode',
            category_code,
            'polarity',
            polarity,
            'severity',
            severity,
            'occurredOn',
            occurred_on::text,
            'publishUntil',
            publish_until::text,
            'status',
            CASE
              WHEN status = 'repaired' THEN 'active'
              ELSE status
            END
          )
          ORDER BY
            occurred_on,
            id
        ),
        '[]'::json
      )
    FROM
      credit.records
    WHERE
      enterprise_id = $1
      AND occurred_on <= $2::date
      AND (
        status IN ('active', 'disputed')
        OR (
          status = 'repaired'
          AND repaired_on > $2::date
        )
      )
  ) AS records,
  (
    SELECT
      coalesce(
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        ),
        '[]'::json
      )
    FROM
      blacklist.listings_on ($1, $2::date) l
  ) AS listings,
  (
    SELECT
      json_build_object(
        'id',
        id,
        'grade',
        grade,
        'reason',
        reason,
        'validUntil',
        valid_until::text
      )
    FROM
      grading.overrides
    WHERE
      enterprise_id = $1
      AND status = 'approved'
      AND valid_from <= $2::date
      AND $2::date < valid_until
    ORDER BY
      reviewed_at DESC
    LIMIT
      1
  ) AS override,
  (
    SELECT
      coalesce(
        json_agg(
          f.d
          ORDER BY
            f.d
        ),
        '[]'::json
      )
    FROM
      (
        SELECT DISTINCT
          d::text AS d
        FROM
          blacklist.listings l,
          unnest(ARRAY[l.start_date, l.planned_end_date]) AS d
        WHERE
          l.enterprise_id = $1
          AND l.status = 'listed'
          AND l.start_date > $2::date
      ) AS f
  ) AS future_dates,
  EXISTS (
    SELECT
      1
    FROM
      grading.grades
    WHERE
      enterprise_id = $1
      AND valid_from > $2::date
  ) AS future_rows,
  (
    SELECT
      coalesce(json_agg(f), '[]'::json)
    FROM
      (
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
              unnest(ARRAY[($1)::uuid]) AS u (id)
          ) AS i
          LEFT JOIN enterprises.enterprises e ON e.id = i.id
          LEFT JOIN LATERAL grading.grade_on (i.id, $2::date) g ON true
          LEFT JOIN changes.answers a ON a.enterprise_id = i.id
        ORDER BY
          i.id
      ) AS f
  ) AS carried_read_0;
