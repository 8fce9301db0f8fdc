import { addDays, addMonths, addYears } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { partnerReady } from './checks.fixtures.js';
import { addRecord, newEnterprise, today } from './credit-grading-helpers.js';
import { defined, type Ok, type Reply } from './typed-http.js';

const GP = 'government_procurement';

/**
 * Issue 15: the grade on a date after today is computed from what is known (records with their windows,
 * listings with their planned ends and start dates, the progression clock), so a check's verdict agrees with
 * the grade and the listings it shows on every date (docs/grading.md, "Future dates").
 */
describe('grades and checks on future dates (issue 15)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
  });
  afterAll(() => t.close());

  const check = async (code: string, asOf: string): Promise<Reply<Ok<'/api/v1/checks/{code}'>>> =>
    t.partner().get(`/api/v1/checks/${code}`).query({ purpose: GP, asOf });
  const gradeOn = async (code: string, asOf: string): Promise<Reply<Ok<'/api/v1/enterprises/{code}/grade'>>> =>
    (await t.as('auditor')).get(`/api/v1/enterprises/${code}/grade`).query({ asOf });

  async function decide(enterprise: string, startDate?: string): Promise<{ startDate: string; plannedEndDate: string }> {
    const id = await readyToDecide(t, enterprise);
    const res: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await (
      await t.as('reviewer')
    )
      .post(`/api/v1/listings/${id}/decide`)
      .send({ decisionNumber: `测列〔2026〕${id.slice(0, 6)}号`, ...(startDate ? { startDate } : {}) });
    expect(res.status).toBeLessThan(300);
    const { startDate: from, plannedEndDate } = defined(res.body.decision, 'the decision');
    if (from === null || plannedEndDate === null) throw new Error('a decided listing has its period');
    return { startDate: from, plannedEndDate };
  }

  it('on the planned end of a listing: no listing, no D, not restricted — the day before: D and restricted', async () => {
    const e = await newEnterprise(t);
    const { plannedEndDate } = await decide(e.code);
    expect(plannedEndDate).toBe(addYears(today(), 3));

    const before = await check(e.code, addDays(plannedEndDate, -1));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ verdict: 'restricted', grade: { grade: 'D' } });
    expect(before.body.listings).toHaveLength(1);

    const atEnd = await check(e.code, plannedEndDate);
    expect(atEnd.status).toBe(200);
    expect(atEnd.body.listings).toEqual([]);
    expect(atEnd.body.grade?.grade).toBe('A');
    expect(atEnd.body.verdict).toBe('clear');

    const grade = await gradeOn(e.code, plannedEndDate);
    expect(grade.body).toMatchObject({ grade: 'A', source: 'projection', id: null, validTo: null });
    // today's stored grade is untouched by looking ahead
    expect((await gradeOn(e.code, today())).body).toMatchObject({ grade: 'D', source: 'listing-change' });
  });

  it('a listing decided with a future start date changes the grade and the verdict from that date', async () => {
    const e = await newEnterprise(t);
    const start = addDays(today(), 10);
    await decide(e.code, start);

    const now = await check(e.code, today());
    expect(now.body).toMatchObject({ verdict: 'clear', listings: [], grade: { grade: 'A' } });
    const dayBefore = await check(e.code, addDays(start, -1));
    expect(dayBefore.body).toMatchObject({ verdict: 'clear', listings: [], grade: { grade: 'A' } });

    const onStart = await check(e.code, start);
    expect(onStart.body.listings).toHaveLength(1);
    expect(onStart.body).toMatchObject({ verdict: 'restricted', grade: { grade: 'D' } });
    expect((await gradeOn(e.code, start)).body).toMatchObject({ grade: 'D', source: 'projection' });

    // batch checks answer the same on the same date
    const batch: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
      .partner()
      .post('/api/v1/checks/batch')
      .send({ purpose: GP, asOf: start, codes: [e.code] });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]).toMatchObject({ verdict: 'restricted', grade: { grade: 'D' } });
  });

  it('a record stops counting on the day its window closes, also after today', async () => {
    const e = await newEnterprise(t);
    const occurred = addMonths(today(), -1);
    await addRecord(t, e.code, 'sampling_failed', occurred); // -10 for 24 months (seeds/grading-model-v1.json)
    expect((await gradeOn(e.code, today())).body.grade).toBe('B');
    const closes = addMonths(occurred, 24);
    expect((await gradeOn(e.code, addDays(closes, -1))).body).toMatchObject({ grade: 'B', source: 'projection' });
    expect((await gradeOn(e.code, closes)).body).toMatchObject({ grade: 'A', source: 'projection', score: 80 });
  });
});
