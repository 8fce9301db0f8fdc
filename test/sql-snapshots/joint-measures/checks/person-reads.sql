-- SQL sent by libs/joint-measures/src/checks/person-reads.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   person check (POST /checks/persons)

-- first sent by: person check (POST /checks/persons)
SELECT
  p.digest,
  p.id AS person_id,
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
        blacklist.person_listings_on (p.id, $2::date) l
    ),
    '[]'
  ) AS listings
FROM
  enterprises.persons p
WHERE
  p.digest = $1::text;
