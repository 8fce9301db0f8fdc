-- SQL sent by libs/changes/src/outbox/change-sequencer.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   the change sequencer (after each commit that wrote changes, and a 200 ms poll)

-- first sent by: the change sequencer (after each commit that wrote changes, and a 200 ms poll)
SELECT
  EXISTS (
    SELECT
      1
    FROM
      changes.events
    WHERE
      cursor IS NULL
  ) AS pending;

-- first sent by: the change sequencer (after each commit that wrote changes, and a 200 ms poll)
SELECT
  set_config('lock_timeout', '10s', true),
  pg_advisory_xact_lock($1);

-- first sent by: the change sequencer (after each commit that wrote changes, and a 200 ms poll)
WITH
  pending AS MATERIALIZED (
    SELECT
      id,
      row_number() OVER (
        ORDER BY
          id
      ) AS n
    FROM
      (
        SELECT
          id
        FROM
          changes.events
        WHERE
          cursor IS NULL
        ORDER BY
          id
        LIMIT
          $1
      ) AS p
  ),
  head AS (
    UPDATE changes.sequence_head
    SET
      last_cursor = last_cursor + (
        SELECT
          count(*)
        FROM
          pending
      )
    WHERE
      EXISTS (
        SELECT
          1
        FROM
          pending
      )
    RETURNING
      last_cursor - (
        SELECT
          count(*)
        FROM
          pending
      ) AS base
  ),
  seq AS (
    UPDATE changes.events e
    SET
      cursor = head.base + p.n,
      sequenced_at = now()
    FROM
      pending p,
      head
    WHERE
      e.id = p.id
    RETURNING
      e.cursor,
      e.enterprise_id,
      e.org_code,
      e.purposes,
      e.bulk
  ),
  fan AS (
    INSERT INTO
      changes.deliveries (endpoint_id, event_cursor, enterprise_id, bulk)
    SELECT DISTINCT
      ep.id,
      seq.cursor,
      seq.enterprise_id,
      seq.bulk
    FROM
      seq
      JOIN changes.watched_codes wc ON wc.org_code = seq.org_code
      JOIN changes.watchlists wl ON wl.id = wc.watchlist_id
      AND (
        cardinality(seq.purposes) = 0
        OR wl.purpose = ANY (seq.purposes)
      )
      JOIN changes.webhook_endpoints ep ON ep.agency_id = wl.agency_id
      AND ep.active
    ORDER BY
      seq.cursor
    ON CONFLICT DO NOTHING
    RETURNING
      1
  )
SELECT
  (
    SELECT
      count(*)
    FROM
      seq
  )::int AS events,
  (
    SELECT
      count(*)
    FROM
      fan
  )::int AS deliveries;
