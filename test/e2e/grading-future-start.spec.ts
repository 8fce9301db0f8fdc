import { jest, expect } from '@jest/globals';
import { RegradeRuns } from '#qcr/grading';
import { addDays, queryRows, systemActor } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { partnerReady } from './checks.fixtures.js';
import { addRecord, db, newEnterprise, today } from './credit-grading-helpers.js';
import { defined, type Ok, type Reply } from './typed-http.js';

const GP = 'government_procurement';
// Only Date moves: timers, ticks and I/O keep running for the app and the database driver.
const ONLY_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * Issue 15 (docs/grading.md, the gap before the daily regrade): a listing decided with a future start writes its D as a
 * row starting on that date, in the deciding transaction, so the stored grade changes on the start date by itself.
 * Checked through the partner API before and after the clock moves to the start date, with no regrade in between.
 */
describe('a listing with a future start date (issue 15)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
  });
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  const check = async (code: string, asOf?: string): Promise<Reply<Ok<'/api/v1/checks/{code}'>>> =>
    t
      .partner()
      .get(`/api/v1/checks/${code}`)
      .query({ purpose: GP, ...(asOf ? { asOf } : {}) });
  const rows = (id: string) =>
    queryRows<{ grade: string; validFrom: string; validTo: string | null; source: string }>(
      db(t),
      `SELECT grade, valid_from::text AS "validFrom", valid_to::text AS "validTo", source FROM grading.grades WHERE enterprise_id = $1 AND (valid_to IS NULL OR valid_to > valid_from) ORDER BY valid_from`,
      [id],
    );

  it('stores D from the start date when decided; a check today and on the start date agree before and after the clock moves', async () => {
    const e = await newEnterprise(t);
    const start = addDays(today(), 1);
    const id = await readyToDecide(t, e.code);
    const decided: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await (
      await t.as('reviewer')
    )
      .post(`/api/v1/listings/${id}/decide`)
      .send({ decisionNumber: `测列〔2026〕${id.slice(0, 6)}号`, startDate: start });
    expect(decided.status).toBeLessThan(300);
    const end = defined(decided.body.decision, 'the decision').plannedEndDate;
    // Today's row ends on the start; D from the start; back to the computed grade on the planned end.
    const expected = [
      { grade: 'A', validFrom: today(), validTo: start, source: expect.any(String) },
      { grade: 'D', validFrom: start, validTo: end, source: 'listing-change' },
      { grade: 'A', validFrom: end, validTo: null, source: 'listing-change' },
    ];
    expect(await rows(e.id)).toEqual(expected);
    // A regrade of the enterprise today (a new record) and a full run dated today keep the future rows.
    await addRecord(t, e.code, 'sampling_passed', today());
    expect((await t.app.get(RegradeRuns).regradeAll(systemActor('future-start-test'))).status).toBe('completed');
    expect((await rows(e.id)).slice(-2)).toEqual(expected.slice(-2).map((r) => ({ ...r, source: expect.any(String) })));

    const todayCheck = await check(e.code, today());
    expect(todayCheck.body).toMatchObject({ grade: { grade: 'A' }, listings: [] });
    const startCheck = await check(e.code, start);
    expect(startCheck.body).toMatchObject({ verdict: 'restricted', grade: { grade: 'D' } });

    const before = today();
    jest.useFakeTimers({ doNotFake: [...ONLY_DATE], now: Date.now() + 86_400_000 });
    expect(today()).toBe(start);
    const moved = await check(e.code);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ verdict: 'restricted', grade: { grade: 'D' } });
    expect(moved.body.listings).toHaveLength(1);
    const stored = await queryRows<{ grade: string }>(db(t), `SELECT grade FROM grading.grade_on($1, $2::date)`, [e.id, start]);
    expect(stored[0]).toMatchObject({ grade: 'D' }); // stored (written before the clock moved), not projected
    expect((await check(e.code, before)).body).toMatchObject({ grade: { grade: 'A' }, listings: [] });
    jest.useRealTimers();
  });
});
