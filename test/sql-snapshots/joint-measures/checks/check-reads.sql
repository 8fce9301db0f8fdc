-- SQL sent by libs/joint-measures/src/checks/check-reads.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   single check (GET /checks/{code})
--   batch check (POST /checks/batch)

-- first sent by: batch check (POST /checks/batch)
SELECT
  c.code,
  e.id,
  e.uscc,
  e.org_code,
  e.name,
  e.region_code,
  e.industry_code,
  e.status,
  e.code_exception,
  g.grade,
  g.score,
  g.valid_from::text AS grade_from,
  g.model_version,
  g.overridden,
  coalesce(
    (
      SELECT
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        )
      FROM
        blacklist.listings_on (e.id, $2::date) l
    ),
    '[]'
  ) AS listings
FROM
  unnest($1::text[]) AS c (code)
  CROSS JOIN LATERAL enterprises.resolve_code (c.code) e
  LEFT JOIN LATERAL grading.grade_on (e.id, $2::date) g ON true;

-- first sent by: batch check (POST /checks/batch)
SELECT
  c.code,
  e.id,
  e.uscc,
  e.org_code,
  e.name,
  e.region_code,
  e.industry_code,
  e.status,
  e.code_exception,
  g.grade,
  g.score,
  g.valid_from::text AS grade_from,
  g.model_version,
  g.overridden,
  coalesce(
    (
      SELECT
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        )
      FROM
        blacklist.listings_on (e.id, $2::date) l
    ),
    '[]'
  ) AS listings,
  coalesce(
    (
      SELECT
        json_agg(
          json_build_object(
            'role',
            o.role,
            'since',
            o.valid_from,
            'listing',
            pl.summary
          )
          ORDER BY
            pl.start_date,
            pl.seq
        )
      FROM
        enterprises.officers_on (e.id, $2::date) o
        CROSS JOIN LATERAL blacklist.person_listings_on (o.person_id, $2::date) pl
      WHERE
        pl.enterprise_id <> e.id
    ),
    '[]'
  ) AS officer_restrictions
FROM
  unnest($1::text[]) AS c (code)
  CROSS JOIN LATERAL enterprises.resolve_code (c.code) e
  LEFT JOIN LATERAL grading.grade_on (e.id, $2::date) g ON true;

-- first sent by: single check (GET /checks/{code})
SELECT
  e.id,
  e.uscc,
  e.org_code,
  e.name,
  e.region_code,
  e.industry_code,
  e.status,
  e.code_exception,
  g.grade,
  g.score,
  g.valid_from::text AS grade_from,
  g.model_version,
  g.overridden,
  coalesce(
    (
      SELECT
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        )
      FROM
        blacklist.listings_on (e.id, $2::date) l
    ),
    '[]'
  ) AS listings
FROM
  enterprises.resolve_code ($1::text) e
  LEFT JOIN LATERAL grading.grade_on (e.id, $2::date) g ON true;

-- first sent by: single check (GET /checks/{code})
SELECT
  e.id,
  e.uscc,
  e.org_code,
  e.name,
  e.region_code,
  e.industry_code,
  e.status,
  e.code_exception,
  g.grade,
  g.score,
  g.valid_from::text AS grade_from,
  g.model_version,
  g.overridden,
  coalesce(
    (
      SELECT
        json_agg(
          l.summary
          ORDER BY
            l.start_date,
            l.seq
        )
      FROM
        blacklist.listings_on (e.id, $2::date) l
    ),
    '[]'
  ) AS listings,
  coalesce(
    (
      SELECT
        json_agg(
          json_build_object(
            'role',
            o.role,
            'since',
            o.valid_from,
            'listing',
            pl.summary
          )
          ORDER BY
            pl.start_date,
            pl.seq
        )
      FROM
        enterprises.officers_on (e.id, $2::date) o
        CROSS JOIN LATERAL blacklist.person_listings_on (o.person_id, $2::date) pl
      WHERE
        pl.enterprise_id <> e.id
    ),
    '[]'
  ) AS officer_restrictions
FROM
  enterprises.resolve_code ($1::text) e
  LEFT JOIN LATERAL grading.grade_on (e.id, $2::date) g ON true;
