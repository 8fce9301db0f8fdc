import http from 'node:http';
import { expect } from '@jest/globals';
import { DataSource, type QueryRunner } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { body, type Ok } from './typed-http.js';

interface Arrival {
  at: number;
  deliveryId: string;
  enterpriseId: string | null;
  cause: string | null;
}

/** A loopback receiver that answers 200 and keeps, in arrival order, which change each delivery carried. */
function receiver() {
  const got: Arrival[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const payload = JSON.parse(text) as { deliveryId: string; event: { enterpriseId: string; cause: string } | null };
      got.push({ at: Date.now(), deliveryId: payload.deliveryId, enterpriseId: payload.event?.enterpriseId ?? null, cause: payload.event?.cause ?? null });
      res.end('ok');
    });
  });
  return {
    got,
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ENTERPRISES = 20;
const ENDPOINTS = 3;

/**
 * Paced bulk deliveries (issue 20, docs/changes.md § "Paced bulk deliveries"): a regrade run's deliveries are bulk and
 * go at QCR_WEBHOOK_BULK_PER_SECOND while requests hold connections of the request pool; a listing decision's are not
 * paced, and never overtake an older regrade delivery of their enterprise to the same endpoint. "Requests run" is made
 * by holding one connection of the request pool, as a request in flight does.
 */
describe('webhooks: a regrade run’s deliveries are paced behind a decision’s', () => {
  let t: TestApp;
  let db: DataSource;
  let held: QueryRunner | null = null;
  const rx = receiver();
  const hooks: string[] = [];
  const regraded: TestEnterprise[] = [];
  let decided: TestEnterprise;
  let decide: () => Promise<unknown>;
  let before = '0';

  beforeAll(async () => {
    t = await createTestApp({
      QCR_WEBHOOKS_ENABLED: 'true',
      QCR_WEBHOOK_BULK_PER_SECOND: '1',
      // as webhooks.spec.ts: the first app of a run creates the pg-boss queue, and its retry settings are the queue's
      QCR_WEBHOOK_RETRY_LIMIT: '2',
      QCR_WEBHOOK_RETRY_DELAY_SECONDS: '1',
      QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS: '1',
    });
    await partnerReady(t);
    db = t.app.get(DataSource);
    const url = await rx.start();
    for (let i = 0; i < ENDPOINTS; i++) hooks.push(body<Ok<'/api/v1/webhooks', 'post'>>(await t.partner().post('/api/v1/webhooks').send({ url })).id);
    for (let i = 0; i < ENTERPRISES; i++) regraded.push(await registerEnterprise(t));
    // the run goes in enterprise id order: the last one's regrade deliveries are the last to be paced out
    decided = [...regraded].sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1)!;
    const listing = await readyToDecide(t, decided.uscc);
    decide = async () => (await t.as('reviewer')).post(`/api/v1/listings/${listing}/decide`).send({ decisionNumber: `测列〔2025〕${listing.slice(0, 6)}号` });
    const list = await t
      .partner()
      .put(`/api/v1/watchlists/paced-${decided.orgCode}`)
      .send({ purpose: 'government_procurement', codes: regraded.map((e) => e.uscc) });
    expect(list.status).toBe(200);
    // Fixture: the regraded enterprises' current grade and recorded answer say D, so the run moves each back to what its
    // records give (a grade change alone is an event for every purpose's watchers).
    const ids = regraded.map((e) => e.id);
    await db.query(`UPDATE grading.grades SET grade = 'D' WHERE enterprise_id = ANY($1::uuid[]) AND valid_to IS NULL`, [ids]);
    await db.query(`UPDATE changes.answers SET grade = 'D' WHERE enterprise_id = ANY($1::uuid[])`, [ids]);
    const [head]: Array<{ max: string }> = await db.query(`SELECT coalesce(max(id), 0)::text AS max FROM changes.deliveries`);
    before = head?.max ?? '0';
  });

  afterAll(async () => {
    await held?.release();
    for (const id of hooks) await t.partner().delete(`/api/v1/webhooks/${id}`);
    await rx.stop();
    await t.close();
  });

  const mine = (a: Arrival) => regraded.some((e) => e.id === a.enterpriseId);
  const gradeArrivals = () => rx.got.filter((a) => a.cause === 'grade' && mine(a));

  it('marks a regrade run’s deliveries bulk and a decision’s not; the decision reaches the receiver while the regrade’s are paced', async () => {
    held = db.createQueryRunner();
    await held.connect(); // requests are running: bulk deliveries go at 1 a second
    const run = body<{ id: string }>(await (await t.as('grader')).post('/api/v1/grading/runs').send({}));
    await until(
      'the run',
      async () => ['completed', 'failed'].includes(body<{ status: string }>(await (await t.as('grader')).get(`/api/v1/grading/runs/${run.id}`)).status),
      60_000,
    );
    const expected = ENTERPRISES * ENDPOINTS;
    const bulk = await until('the regrade’s deliveries', async () => {
      const rows: Array<{ bulk: boolean; n: number }> = await db.query(
        `SELECT d.bulk, count(*)::int AS n FROM changes.deliveries d JOIN changes.events e ON e.cursor = d.event_cursor
          WHERE d.id > $1::bigint AND d.endpoint_id = ANY($2::uuid[]) AND e.cause = 'grade' AND e.enterprise_id = ANY($3::uuid[]) GROUP BY d.bulk`,
        [before, hooks, regraded.map((e) => e.id)],
      );
      return rows.reduce((n, r) => n + r.n, 0) === expected ? rows : undefined;
    });
    expect(bulk).toEqual([{ bulk: true, n: expected }]);

    // the decided enterprise is the run's last: its regrade deliveries still wait (the ordering test below relies on it)
    expect(rx.got.filter((a) => a.enterpriseId === decided.id)).toEqual([]);
    const decidedAt = Date.now();
    expect(((await decide()) as { status: number }).status).toBeLessThan(300);
    const listings = await until('the decision’s deliveries', () => {
      const got = rx.got.filter((a) => a.cause === 'listing' && a.enterpriseId === decided.id);
      return got.length === ENDPOINTS ? got : undefined;
    });
    // not paced: at once, while most of the regrade's 60 deliveries still wait (unpaced they all went first)
    expect(Math.max(...listings.map((a) => a.at)) - decidedAt).toBeLessThan(5_000);
    expect(gradeArrivals().length).toBeLessThan(expected / 2);
    const classes: Array<{ bulk: boolean }> = await db.query(
      `SELECT d.bulk FROM changes.deliveries d JOIN changes.events e ON e.cursor = d.event_cursor
        WHERE d.endpoint_id = ANY($1::uuid[]) AND e.cause = 'listing' AND e.enterprise_id = $2`,
      [hooks, decided.id],
    );
    expect(classes).toEqual(Array.from({ length: ENDPOINTS }, () => ({ bulk: false })));
  }, 120_000);

  it('keeps each endpoint’s order per enterprise: the decided enterprise’s regrade delivery arrives before its decision’s', async () => {
    // the decided enterprise's regrade deliveries were still waiting when it was decided (the first test saw less than
    // half of the regrade's delivered); the decision took them along rather than overtaking them
    const ofDecided = rx.got.filter((a) => a.enterpriseId === decided.id);
    const rows: Array<{ id: string; endpoint: string; cause: string }> = await db.query(
      `SELECT d.id::text, d.endpoint_id::text AS endpoint, e.cause FROM changes.deliveries d JOIN changes.events e ON e.cursor = d.event_cursor
        WHERE d.id > $1::bigint AND d.endpoint_id = ANY($2::uuid[]) AND e.enterprise_id = $3`,
      [before, hooks, decided.id],
    );
    for (const hook of hooks) {
      const ids = new Set(rows.filter((r) => r.endpoint === hook).map((r) => r.id));
      expect(ofDecided.filter((a) => ids.has(a.deliveryId)).map((a) => a.cause)).toEqual(['grade', 'listing']);
    }
  });

  it('sends the rest of the regrade’s deliveries at full speed once no request runs', async () => {
    await held?.release();
    held = null;
    const expected = ENTERPRISES * ENDPOINTS;
    const waiting = expected - gradeArrivals().length;
    expect(waiting).toBeGreaterThan(expected / 3);
    const t0 = Date.now();
    await until('the regrade’s deliveries', () => (new Set(gradeArrivals().map((a) => a.deliveryId)).size === expected ? true : undefined), 60_000);
    // paced at 1 a second they would take `waiting` seconds
    expect(Date.now() - t0).toBeLessThan((waiting * 1000) / 3);
  }, 90_000);
});
