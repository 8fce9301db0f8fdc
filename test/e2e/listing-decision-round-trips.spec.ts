import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { queryOne, queryRows } from '#qcr/platform';
import pg from 'pg';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db, readyToDecide, registerEnterprise } from './blacklist-helpers.js';
import type { Ok, Reply } from './typed-http.js';

/**
 * Issue 21: a listing decision makes at most 6 database round trips (it made ~17), with `before` read FOR UPDATE inside
 * its transaction. It makes 6; the test names each one. Counted at the pg driver: every Client#query issued while serving one marked request.
 */
/** What each round trip of a decision is, by the SQL it sends. */
const STATEMENTS: [string, RegExp][] = [
  ['BEGIN', /^(BEGIN|START TRANSACTION)/i],
  ['COMMIT', /^COMMIT/i],
  ['listing: locked read', /FROM blacklist\.listings WHERE id = \$1 FOR UPDATE/],
  ['listing: step', /^WITH u AS \(UPDATE blacklist\.listings/],
  ['grading: drop future rows', /^DELETE FROM grading\.grades WHERE enterprise_id = \$1 AND valid_from > /],
  ['grading: inputs', /^WITH cur AS \(SELECT .* FROM grading\.grades .* FOR UPDATE\)/],
  ['changes: events + grading: write', /^WITH ev AS \(INSERT INTO changes\.events.*grade_written AS \(INSERT INTO grading\.grades/],
  ['grading: write', /INSERT INTO grading\.grades/],
  ['changes: lock answers', /changes\.lock_answers/],
  ['changes: facts', /LEFT JOIN changes\.answers a ON a\.enterprise_id = i\.id/],
  ['changes: events', /INSERT INTO changes\.events/],
];
const read0 = (qs: string[]) => qs.findIndex((q) => /FROM blacklist\.listings WHERE id = \$1 FOR UPDATE/.test(q));
const statementOf = (sql: string) => STATEMENTS.find(([, re]) => re.test(sql.trim()))?.[0] ?? sql.slice(0, 120);

describe('listing decision: round trips and the locked before', () => {
  let t: TestApp;
  const counting = new AsyncLocalStorage<string[]>();
  /** pg's Client#query, overloads erased: the wrapper below only looks at the SQL text and passes every argument on. */
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with its own `this` (apply below)
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    t = await createTestApp();
    const passOn = original as Query;
    (pg.Client.prototype as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
      const [first] = args;
      const sql = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
      counting.getStore()?.push((sql ?? '').replace(/\s+/g, ' '));
      return passOn.apply(this, args);
    };
    // Requests carrying x-count-queries run in their own store: only their own queries are counted.
    const server = t.app.getHttpServer();
    const [listener] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    if (!listener) throw new Error('the app’s HTTP server has no request listener to wrap');
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) =>
      req.headers['x-count-queries']
        ? counting.run([], () => {
            (res as ServerResponse & { queries?: string[] }).queries = counting.getStore();
            listener(req, res);
          })
        : listener(req, res),
    );
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await t.close();
  });

  it('decides in ≤ 6 round trips (4 + regrade 1 + outbox 1, the grade write carried by the outbox), in one transaction that reads the listing once, FOR UPDATE', async () => {
    const ent = await registerEnterprise(t);
    const id = await readyToDecide(t, ent.code);
    const reviewer = await t.as('reviewer');
    const server = t.app.getHttpServer();
    let seen: string[] = [];
    const grab = (_req: IncomingMessage, res: ServerResponse) =>
      res.on('finish', () => (seen = (res as ServerResponse & { queries?: string[] }).queries ?? seen));
    server.on('request', grab);
    const res: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await reviewer
      .post(`/api/v1/listings/${id}/decide`)
      .set('x-count-queries', '1')
      .send({ decisionNumber: `测列〔2025〕${id.slice(0, 6)}号` }); // the authority is the reviewer's own (issue 24)
    server.off('request', grab);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'listed' });
    // Every authenticated request checks its token's user once (the guard); the decision's own round trips follow.
    const decision = seen.filter((q) => !/tokens_valid_after/.test(q));
    expect(seen.length - decision.length).toBeLessThanOrEqual(1);
    // The split, statement by statement (a new or unknown one shows up by name in the failure):
    // - the decision's own, 4: BEGIN; the locked read (with the four-eyes tie, the enterprise's grade lock and the
    //   acting user's authorities with their levels' consent settings, issue 24 — two reads through the access facade
    //   before); the step with its responsible persons (issue 18), history and audit as one statement; COMMIT;
    // - the regrade the listing event triggers (libs/grading), 1: the inputs (open grade row FOR UPDATE, records,
    //   listings, override, the listings' future dates and whether future-dated grade rows exist — a DELETE of them
    //   and a read of the dates were round trips of their own, issue 15); its grade write is carried (below);
    // - the change outbox (libs/changes, issue 20), 1: the events — one diff of the enterprise, on the listing event (it
    //   was 8: a second diff on the grade the listing moved, and a catalogue read in each) — with the regrade's grade
    //   write as data-modifying CTEs of the same statement (DomainEvents.deferWrite). Its answers lock rides on the
    //   locked read, after the grade lock (DomainEvents.locksSql), and its facts read with the catalogue on the
    //   regrade's inputs read (DomainEvents.readsSql), the grade then taken from the regrade's event: each was a round
    //   trip of its own.
    // 6 in all (9 before the answers lock, the facts and the grade write moved, 18 before issue 21's first steps, 21
    // before issue 23): issue 21's 6, with the regrade and the outbox still in the decision's transaction so the
    // verdict never lags the decision.
    expect(decision.map(statementOf)).toEqual([
      'BEGIN',
      'listing: locked read',
      'listing: step',
      'grading: inputs',
      'changes: events + grading: write',
      'COMMIT',
    ]);
    expect(decision.length).toBeLessThanOrEqual(6);
    // the regrade's inputs read carries the outbox's facts (its answers snapshot and the catalogue)
    expect(decision.find((q) => statementOf(q) === 'grading: inputs')).toMatch(/LEFT JOIN changes\.answers a ON a\.enterprise_id = i\.id/);
    // the locked read takes the enterprise's grade lock, then the outbox's answers lock (the order every writer uses)
    expect(decision[read0(decision)]).toMatch(
      /num_nulls\(pg_advisory_xact_lock\(\d+, hashtext\(\(l\.enterprise_id\)::text\)\), num_nulls\(changes\.lock_answers\(/,
    );
    // The listing is read once, locked: no unlocked read of it (jurisdiction's used to precede the transaction).
    expect(decision.filter((q) => /FROM blacklist\.listings l JOIN blacklist\.list_types t ON t\.code = l\.list_type WHERE l\.id = \$1/.test(q))).toEqual([]);
    expect(decision.filter((q) => /FROM blacklist\.listings WHERE id = \$1 FOR UPDATE/.test(q))).toHaveLength(1);
    const begin = decision.findIndex((q) => /^(BEGIN|START TRANSACTION)/i.test(q));
    const read = decision.findIndex((q) => /FROM blacklist\.listings WHERE id = \$1 FOR UPDATE/.test(q));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(read).toBeGreaterThan(begin); // before is read inside the transaction, locked
    // Everything the step writes is there: the decision, its history row, its audit entry, the new grade.
    const audit = await queryOne<{ before: string; after: string; number: string }>(
      db(t),
      `SELECT before->>'status' AS before, after->>'status' AS after, after->>'decisionNumber' AS number
      FROM audit.entries WHERE entity_id = $1 AND action = 'listing.decide'`,
      [id],
    );
    expect(audit).toMatchObject({ before: 'notified', after: 'listed', number: `测列〔2025〕${id.slice(0, 6)}号` });
    const history = await queryOne<{ from_status: string; to_status: string; details: { responsiblePersons?: unknown } }>(
      db(t),
      `SELECT from_status, to_status, details FROM blacklist.listing_events WHERE listing_id = $1 AND action = 'decide'`,
      [id],
    );
    expect(history).toMatchObject({ from_status: 'notified', to_status: 'listed' });
    // the legal representative on the day, recorded on the listing and named (by id and role) in the history row
    const persons = await queryRows<{ personId: string; role: string }>(
      db(t),
      `SELECT person_id AS "personId", role FROM blacklist.listing_persons WHERE listing_id = $1`,
      [id],
    );
    expect(persons).toEqual([{ personId: expect.any(String), role: 'legal_representative' }]);
    expect(history?.details.responsiblePersons).toEqual(persons);
    const grade: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reviewer.get(`/api/v1/enterprises/${ent.code}/grade`);
    expect(grade.body.grade).toBe('D');
  });
});
