-- SQL sent by libs/blacklist/src/blacklist-reader.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   public register card (GET /public/enterprises/{code})
--   public register search (GET /public/enterprises?q=)

-- first sent by: public register search (GET /public/enterprises?q=)
SELECT
  i.id AS enterprise_id,
  l.summary
FROM
  unnest($1::uuid[]) AS i (id)
  CROSS JOIN LATERAL blacklist.listings_on (i.id, $2::date) l
ORDER BY
  l.start_date,
  l.seq;

-- first sent by: public register card (GET /public/enterprises/{code})
SELECT
  l.summary
FROM
  blacklist.listings_on ($1, $2::date) l
ORDER BY
  l.start_date,
  l.seq;
