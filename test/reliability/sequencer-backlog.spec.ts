import pg from 'pg';
import { expect } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SEQUENCER_LOCK } from '#qcr/changes';
import { bulkLoadEnterprises, PersonalDataCipher } from '#qcr/enterprises';
import { todayInChina } from '#qcr/platform';
import { bodyOf } from '../helpers/body.js';
import { first } from '../helpers/defined.js';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 20: a backlog of unnumbered change events must drain in work proportional to its size, whatever the planner
 * believes. Seen on the 1M bench: a full regrade wrote ~900,000 events within minutes, autoanalyze had not caught up, the
 * statistics still said "no event lacks a cursor", and the sequencer's pass planned its UPDATE as a nested loop over
 * `cursor IS NULL` rows (estimated 1, really 417,000) re-scanning the 5,000 pending ids for each — 2·10⁹ row visits a
 * pass: the feed stopped for good. The 100k bench took 247 s to settle.
 *
 * Here the same state is made on purpose: events written through the real write path (a bulk seed, then a full regrade
 * through the API writes one "first seen" event per enterprise), statistics taken while none was waiting and autovacuum
 * kept off the table, the sequencer held off by its own lock while the backlog builds. The pass's statement is then
 * run under EXPLAIN ANALYZE (rolled back) and its row visits are bounded by a small multiple of the batch; before the
 * fix it visited backlog × batch rows.
 */
const FIRST = 300;
const BACKLOG = 3_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

describe('change sequencer: a backlog under stale statistics', () => {
  const own = ownTestDatabase('seqbacklog');
  let t: TestApp;
  let control: pg.Client;
  let holder: pg.Client;
  let sequenceSql = '';
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with its own `this` (apply below)
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    await own.create();
    // The pass's own statement, as the app sends it (not a copy): recorded the first time the sequencer runs.
    type Query = (this: pg.Client, ...args: unknown[]) => unknown;
    const passOn = original as Query;
    (pg.Client.prototype as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
      const [q] = args;
      const text = typeof q === 'string' ? q : (q as { text?: string } | undefined)?.text;
      if (!sequenceSql && text && /UPDATE changes\.sequence_head/.test(text)) sequenceSql = text;
      return passOn.apply(this, args);
    };
    t = await createTestApp({}, own.url);
    control = new pg.Client({ connectionString: own.url });
    holder = new pg.Client({ connectionString: own.url });
    await Promise.all([control.connect(), holder.connect()]);
  }, 120_000);

  afterAll(async () => {
    pg.Client.prototype.query = original;
    await holder?.end();
    await control?.end();
    await t?.close();
    await own.drop();
  });

  const ds = () => t.app.get<DataSource>(getDataSourceToken());
  const unnumbered = async () =>
    Number(first((await control.query<{ n: string }>(`SELECT count(*) AS n FROM changes.events WHERE cursor IS NULL`)).rows, 'a count').n);

  async function fullRegrade(): Promise<void> {
    const grader = await t.as('grader');
    const run = await grader.post('/api/v1/grading/runs').send({ asOf: todayInChina() });
    expect(run.status).toBe(202);
    for (let i = 0; i < 1200; i++) {
      const r = bodyOf<{ status: string }>(await grader.get(`/api/v1/grading/runs/${bodyOf<{ id: string }>(run).id}`));
      if (r.status !== 'running') return expect(r.status).toBe('completed');
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the regrade run did not finish in 120 s');
  }

  async function drained(withinMs: number): Promise<void> {
    for (const until = Date.now() + withinMs; (await unnumbered()) > 0; await new Promise((r) => setTimeout(r, 200)))
      if (Date.now() > until) throw new Error(`${await unnumbered()} events still without a cursor after ${withinMs} ms`);
  }

  function visits(node: PlanNode): number {
    return (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) + (node.Plans ?? []).reduce((s, c) => s + visits(c), 0);
  }

  it('numbers a backlog the statistics do not know about in work linear in the batch', async () => {
    const cipher = t.app.get(PersonalDataCipher);
    await bulkLoadEnterprises(ds(), FIRST, { seed: 31, cipher });
    await fullRegrade();
    await drained(30_000);
    expect(sequenceSql).toMatch(/UPDATE changes\.events/); // the pass ran and its statement was recorded

    // Statistics from a moment when every event had its cursor, and no autoanalyze to refresh them (the 1M bench's state).
    await control.query(`ALTER TABLE changes.events SET (autovacuum_enabled = false)`);
    await control.query(`ANALYZE changes.events`);
    await holder.query(`SELECT pg_advisory_lock($1)`, [SEQUENCER_LOCK]);
    await bulkLoadEnterprises(ds(), BACKLOG, { seed: 32, cipher });
    await fullRegrade();
    const backlog = await unnumbered();
    expect(backlog).toBeGreaterThanOrEqual(BACKLOG * 0.9); // one "first seen" event per new enterprise

    const batch = 5_000; // the sequencer's BATCH: the whole backlog fits one pass
    await control.query('BEGIN');
    try {
      const { rows } = await control.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sequenceSql}`, [batch]);
      const plan = first(rows, 'an EXPLAIN row')['QUERY PLAN'][0].Plan;
      // Linear: each pending id is read, joined to its event once, updated, fanned out — a few dozen visits per event
      // at most. The quadratic plan visits backlog × backlog (9·10⁶ here).
      expect(visits(plan)).toBeLessThan(30 * backlog);
    } finally {
      await control.query('ROLLBACK');
    }

    // And the feed moves: released, the sequencer numbers the whole backlog, densely.
    await holder.query(`SELECT pg_advisory_unlock($1)`, [SEQUENCER_LOCK]);
    await drained(60_000);
    const { rows } = await control.query<{ n: string; span: string }>(`SELECT count(*) AS n, (max(cursor) - min(cursor) + 1) AS span FROM changes.events`);
    const dense = first(rows, 'a count');
    expect(dense.span).toBe(dense.n);
  }, 300_000);
});
