// SQL of the change feed's snapshot (changes.answers) and outbox (changes.events). Reads of the other contexts go
// through their published SQL functions (docs/contracts.md): grading.grade_on, blacklist.listings_on.
import { MeasuresService } from '#qcr/joint-measures';
import type { CarriedWrite } from '#qcr/platform';

/** The verdict combinations as a JSON recordset: (grade, listed) → verdicts. */
export const COMBOS = `json_to_recordset($1::json) AS c(grade text, listed boolean, verdicts jsonb)`;

/**
 * Today's facts of the given enterprises beside the answer last recorded for them, and on the first row the active
 * measure catalogue the verdicts are decided over (joint-measures' published read; read after the lock like the facts,
 * so a catalogue change that held the outbox lock is seen). `ids` a uuid[] expression, `today` a date expression.
 */
export const factsAndSnapshotSql = (ids: string, today: string) => `
  SELECT CASE WHEN row_number() OVER (ORDER BY i.id) = 1 THEN ${MeasuresService.activeCatalogueJsonSql()} END AS catalogue,
         i.id AS enterprise_id, e.id IS NOT NULL AS registered, e.uscc, e.org_code, e.name, e.status, g.grade,
         EXISTS (SELECT 1 FROM blacklist.listings_on(i.id, ${today}::date)) AS listed,
         a.enterprise_id IS NOT NULL AS known, a.name AS a_name, a.status AS a_status, a.grade AS a_grade, a.listed AS a_listed,
         a.verdicts AS a_verdicts
    FROM (SELECT DISTINCT id FROM unnest(${ids}) AS u(id)) AS i
    LEFT JOIN enterprises.enterprises e ON e.id = i.id
    LEFT JOIN LATERAL grading.grade_on(i.id, ${today}::date) g ON true
    LEFT JOIN changes.answers a ON a.enterprise_id = i.id
   ORDER BY i.id`;

/** The outbox's own facts read. $1 uuid[], $2 today. */
export const FACTS_AND_SNAPSHOT = factsAndSnapshotSql('$1::uuid[]', '$2');

/**
 * The same read for one enterprise as a JSON array of its rows, for another statement to carry (DomainEvents.readFor:
 * grading's inputs read, after the listing step and under the answers lock, issue 21).
 */
export const factsJsonSql = (enterpriseId: string, today: string) =>
  `(SELECT coalesce(json_agg(f), '[]'::json) FROM (${factsAndSnapshotSql(`ARRAY[(${enterpriseId})::uuid]`, today)}) AS f)`;

/** Recorded answers whose verdicts the new catalogue moves. $1 combos. */
export const MOVED_BY_CATALOGUE = `
  SELECT a.enterprise_id, e.uscc, e.org_code, a.name, a.status, a.grade, a.listed, a.verdicts AS a_verdicts
    FROM changes.answers a
    JOIN ${COMBOS} ON c.grade IS NOT DISTINCT FROM a.grade AND c.listed = a.listed
    JOIN enterprises.enterprises e ON e.id = a.enterprise_id
   WHERE a.verdicts <> c.verdicts
   ORDER BY a.enterprise_id`;

/** Every registered enterprise's answer today (the migration's backfill). $1 combos, $2 today. */
export const BACKFILL = `
  INSERT INTO changes.answers (enterprise_id, name, status, grade, listed, verdicts)
  SELECT e.id, e.name, e.status, g.grade, f.listed, c.verdicts
    FROM enterprises.enterprises e
    LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true
   CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM blacklist.listings_on(e.id, $2::date)) AS listed) f
    JOIN ${COMBOS} ON c.grade IS NOT DISTINCT FROM g.grade AND c.listed = f.listed
  ON CONFLICT (enterprise_id) DO NOTHING`;

/**
 * One statement per batch of a writer: its events, in input order (so their ids, the order the sequencer follows,
 * keep it), with no cursor yet — and the answers they moved, as the next diff's `before`. $1 events, $2 cause,
 * $3 effective date, $4 answers, $5 bulk (the events come from batch work: their deliveries are paced). As CTEs, so the writes other handlers left to be carried ride on it (withCarried).
 */
export const WRITE_CHANGES: CarriedWrite & { select: string } = {
  ctes: [
    [
      'ev',
      `INSERT INTO changes.events (enterprise_id, uscc, org_code, cause, effective_on, purposes, verdicts, before, after, bulk)
    SELECT x.enterprise_id, x.uscc, x.org_code, $2, $3::date, x.purposes, x.verdicts, x.before, x.after, $5::boolean
      FROM ROWS FROM (json_to_recordset($1::json)
             AS (enterprise_id uuid, uscc text, org_code text, purposes text[], verdicts jsonb, before jsonb, after jsonb))
           WITH ORDINALITY AS x(enterprise_id, uscc, org_code, purposes, verdicts, before, after, n)
     ORDER BY x.n
    RETURNING 1`,
    ],
    [
      'answer',
      `INSERT INTO changes.answers (enterprise_id, name, status, grade, listed, verdicts)
    SELECT x.enterprise_id, x.name, x.status, x.grade, x.listed, x.verdicts
      FROM json_to_recordset($4::json) AS x(enterprise_id uuid, name text, status text, grade text, listed boolean, verdicts jsonb)
    ON CONFLICT (enterprise_id) DO UPDATE
       SET name = EXCLUDED.name, status = EXCLUDED.status, grade = EXCLUDED.grade, listed = EXCLUDED.listed,
           verdicts = EXCLUDED.verdicts, updated_at = now()
    RETURNING 1`,
    ],
  ],
  params: [],
  select: `SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM answer)::int AS answers`,
};

/**
 * The outbox's diff for a batch (an import's slice, a regrade run's chunk), set-wise in the writer's own statement: the
 * same rule as answerChange (answer.ts) over the same facts as FACTS_AND_SNAPSHOT, decided in PostgreSQL rather than
 * in the API (issue 25). Why: the writer's backend runs at a lower priority (bulk-connection.ts) while the API's one
 * thread also answers checks; diffing 200k imported enterprises in the API read their facts back, built and parsed
 * ~200 MB of JSON and held the event loop in 3–10 ms slices next to every check. The verdicts still come from the
 * checks' rule in TypeScript: `$3` is the 14-row verdict table (verdictCombos), so the SQL only compares.
 * `test/e2e/changes-set-diff.spec.ts` holds it to answerChange's events, row for row.
 *
 * $1 uuid[] enterprises, $2 today, $3 verdict combos, $4 purposes in CHECK_PURPOSES order, $5 the verdicts of an
 * enterprise not registered, $6 cause, $7 bulk (as WRITE_CHANGES). An id that names no record answers nothing (inner
 * join), as in the JS path.
 */
export const DIFF_AND_WRITE: CarriedWrite & { select: string } = {
  ctes: [
    [
      'facts',
      `SELECT e.id AS enterprise_id, e.uscc, e.org_code, e.name, e.status, g.grade,
         EXISTS (SELECT 1 FROM blacklist.listings_on(e.id, $2::date)) AS listed,
         a.enterprise_id IS NOT NULL AS known, a.name AS a_name, a.status AS a_status, a.grade AS a_grade, a.listed AS a_listed,
         coalesce(a.verdicts, $5::jsonb) AS prior
    FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS u(id)) AS i
    JOIN enterprises.enterprises e ON e.id = i.id
    LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true
    LEFT JOIN changes.answers a ON a.enterprise_id = i.id
  OFFSET 0`, // a fence: each row's facts are computed once, not again in every expression of \`moved\` that reads them
    ],
    [
      'moved',
      // the per-purpose and per-field subqueries run only for a row whose verdicts or fields moved (most rows of a
      // re-import or a regrade chunk move nothing that a check answers)
      `SELECT f.*, c.verdicts,
         CASE WHEN f.prior = c.verdicts THEN '{}'::text[]
              ELSE ARRAY(SELECT p FROM unnest($4::text[]) WITH ORDINALITY AS x(p, n) WHERE f.prior -> p IS DISTINCT FROM c.verdicts -> p ORDER BY n) END AS purposes,
         CASE WHEN f.prior = c.verdicts THEN '{}'::jsonb
              ELSE (SELECT jsonb_object_agg(p, jsonb_build_object('before', f.prior -> p, 'after', c.verdicts -> p))
                      FROM unnest($4::text[]) AS p WHERE f.prior -> p IS DISTINCT FROM c.verdicts -> p) END AS verdict_changes,
         CASE WHEN NOT f.known THEN NULL
              WHEN f.same THEN '{}'::jsonb
              ELSE (SELECT jsonb_object_agg(k, b) FROM (VALUES ('name', to_jsonb(f.a_name), to_jsonb(f.name)), ('status', to_jsonb(f.a_status), to_jsonb(f.status)),
                      ('grade', to_jsonb(f.a_grade), to_jsonb(f.grade)), ('listed', to_jsonb(f.a_listed), to_jsonb(f.listed))) AS v(k, b, a)
                     WHERE b IS DISTINCT FROM a) END AS before,
         CASE WHEN f.same THEN '{}'::jsonb
              ELSE (SELECT jsonb_object_agg(k, a) FROM (VALUES ('name', to_jsonb(f.a_name), to_jsonb(f.name)), ('status', to_jsonb(f.a_status), to_jsonb(f.status)),
                      ('grade', to_jsonb(f.a_grade), to_jsonb(f.grade)), ('listed', to_jsonb(f.a_listed), to_jsonb(f.listed))) AS v(k, b, a)
                     WHERE NOT f.known OR b IS DISTINCT FROM a) END AS after
    FROM (SELECT f.*, f.known AND f.a_name = f.name AND f.a_status = f.status AND f.a_grade IS NOT DISTINCT FROM f.grade AND f.a_listed = f.listed AS same
            FROM facts f) AS f
    JOIN json_to_recordset($3::json) AS c(grade text, listed boolean, verdicts jsonb) ON c.grade IS NOT DISTINCT FROM f.grade AND c.listed = f.listed`,
    ],
    [
      'ev',
      `INSERT INTO changes.events (enterprise_id, uscc, org_code, cause, effective_on, purposes, verdicts, before, after, bulk)
    SELECT m.enterprise_id, m.uscc, m.org_code, $6, $2::date, m.purposes, m.verdict_changes, m.before, m.after, $7::boolean
      FROM moved m WHERE m.after <> '{}' OR cardinality(m.purposes) > 0
     ORDER BY m.enterprise_id
    RETURNING 1`,
    ],
    [
      'answer',
      `INSERT INTO changes.answers (enterprise_id, name, status, grade, listed, verdicts)
    SELECT m.enterprise_id, m.name, m.status, m.grade, m.listed, m.verdicts
      FROM moved m WHERE m.after <> '{}' OR cardinality(m.purposes) > 0
    ON CONFLICT (enterprise_id) DO UPDATE
       SET name = EXCLUDED.name, status = EXCLUDED.status, grade = EXCLUDED.grade, listed = EXCLUDED.listed,
           verdicts = EXCLUDED.verdicts, updated_at = now()
    RETURNING 1`,
    ],
  ],
  params: [],
  select: `SELECT (SELECT count(*) FROM ev)::int AS events`,
};

/**
 * The sequencer's pass (run under SEQUENCER_LOCK, taken in an earlier statement so this one's snapshot is newer than
 * the previous pass's commit): the oldest committed events without a cursor, in write order, get the next cursors, and
 * in the same statement one delivery per (event, endpoint of an agency watching the enterprise for a purpose the event
 * moves — or for any purpose when it moves a purpose-independent field), of the event's class (bulk or not). Watched
 * codes match by organisation code.
 * Only committed rows are visible here and passes commit one after another, so cursors become visible in order.
 * $1 batch size.
 *
 * Plan (issue 20): `pending` is the only read by `cursor IS NULL` (an index-only scan of events_unsequenced under its
 * LIMIT); the UPDATE reaches each pending event by its primary key (events_pkey), once. It must not repeat
 * `cursor IS NULL`: right after a burst (a full regrade writes an event per enterprise) the statistics still say no event
 * waits, the planner then estimates one such row and drives the UPDATE from an index scan over them, re-scanning
 * `pending` for each — backlog × batch row visits, which stopped the 1M bench's feed for good
 * (test/reliability/sequencer-backlog.spec.ts). The re-check is not needed: only a pass sets a cursor, and passes hold
 * SEQUENCER_LOCK; events_cursor_key and events_sequenced would refuse a double numbering anyway.
 */
export const SEQUENCE_EVENTS = `
  WITH pending AS MATERIALIZED (
    SELECT id, row_number() OVER (ORDER BY id) AS n
      FROM (SELECT id FROM changes.events WHERE cursor IS NULL ORDER BY id LIMIT $1) AS p),
  head AS (
    UPDATE changes.sequence_head SET last_cursor = last_cursor + (SELECT count(*) FROM pending)
     WHERE EXISTS (SELECT 1 FROM pending)
    RETURNING last_cursor - (SELECT count(*) FROM pending) AS base),
  seq AS (
    UPDATE changes.events e SET cursor = head.base + p.n, sequenced_at = now()
      FROM pending p, head
     WHERE e.id = p.id
    RETURNING e.cursor, e.enterprise_id, e.org_code, e.purposes, e.bulk),
  fan AS (
    INSERT INTO changes.deliveries (endpoint_id, event_cursor, enterprise_id, bulk)
    SELECT DISTINCT ep.id, seq.cursor, seq.enterprise_id, seq.bulk
      FROM seq
      JOIN changes.watched_codes wc ON wc.org_code = seq.org_code
      JOIN changes.watchlists wl ON wl.id = wc.watchlist_id AND (cardinality(seq.purposes) = 0 OR wl.purpose = ANY (seq.purposes))
      JOIN changes.webhook_endpoints ep ON ep.agency_id = wl.agency_id AND ep.active
     ORDER BY seq.cursor
    ON CONFLICT DO NOTHING
    RETURNING 1)
  SELECT (SELECT count(*) FROM seq)::int AS events, (SELECT count(*) FROM fan)::int AS deliveries`;

/** Whether a committed event waits for its cursor (the readers' catch-up and the fallback poll). */
export const ANY_UNSEQUENCED = `SELECT EXISTS (SELECT 1 FROM changes.events WHERE cursor IS NULL) AS pending`;
