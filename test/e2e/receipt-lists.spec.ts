import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise } from './blacklist-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 16: GET /checks/receipts (my receipts, feedback filter) and GET /checks/feedback (the staff queue). */
describe('check receipts: lists for the caller and the feedback queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/checks/purposes')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
  });
  afterAll(() => t.close());

  it('a partner sees its own receipts, filtered by feedback; staff their own checks; the queue shows given feedback', async () => {
    const e = await registerEnterprise(t);
    const partnerCheck = body<Ok<'/api/v1/checks/{code}'>>(await t.partner().get(`/api/v1/checks/${e.code}?purpose=government_procurement`)).receipt.receiptId;
    const registrar = await t.as('registrar');
    const staffCheck = body<Ok<'/api/v1/checks/{code}'>>(await registrar.get(`/api/v1/checks/${e.code}?purpose=government_procurement`)).receipt.receiptId;
    const ids = async (agent: ReturnType<TestApp['partner']>, q = '') =>
      body<Ok<'/api/v1/checks/receipts'>>(await agent.get(`/api/v1/checks/receipts?limit=200${q}`)).items.map((r) => r.receiptId);

    const mine = await ids(t.partner());
    expect(mine).toContain(partnerCheck);
    expect(mine).not.toContain(staffCheck);
    expect(await ids(t.partner(), '&feedback=missing')).toContain(partnerCheck);
    expect(await ids(registrar)).toEqual(expect.arrayContaining([staffCheck]));
    expect(await ids(registrar)).not.toContain(partnerCheck);

    const fb = await t.partner().post(`/api/v1/checks/receipts/${partnerCheck}/feedback`).send({ outcome: 'not_applied', reason: '未中标' });
    expect(fb.status).toBe(201);
    expect(await ids(t.partner(), '&feedback=missing')).not.toContain(partnerCheck);
    expect(await ids(t.partner(), '&feedback=given')).toContain(partnerCheck);

    const queue: Reply<Ok<'/api/v1/checks/feedback'>> = await (await t.as('reviewer')).get('/api/v1/checks/feedback?limit=200');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((r: { receiptId: string }) => r.receiptId === partnerCheck);
    expect(item).toMatchObject({ feedback: { outcome: 'not_applied', reason: '未中标' }, agency: { name: expect.any(String) } });
    expect(queue.body.items.some((r: { receiptId: string }) => r.receiptId === staffCheck)).toBe(false); // no feedback yet
    expect((await registrar.get('/api/v1/checks/feedback')).status).toBe(403);
    const bad: Reply<Problem> = await t.partner().get('/api/v1/checks/receipts?feedback=sometimes');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('feedback');
  });
});
