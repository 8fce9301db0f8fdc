import type TestAgent from 'supertest/lib/agent.js';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseIn, FUZHOU_GULOU, proposedAndWaived, XIAMEN_SIMING } from './jurisdiction.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 24: white-paper statistics by authority, rolled up; the default root is the user's own authority. */
describe('statistics by authority', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin');
  });
  afterAll(() => t.close());

  type AuthorityTable = Ok<'/api/v1/statistics/authorities'>;
  const table = async (user: string) => body<AuthorityTable>(await (await t.asUser(user)).get('/api/v1/statistics/authorities'));
  /** A count of the authority's row (the table's cells are numbers or labels; these columns are counts). */
  const count = (of: AuthorityTable, code: string, column: 'decided' | 'decidedOwn' | 'inForceOwn'): number => {
    const value = defined(
      of.rows.find((r) => r.code === code),
      `the row of ${code}`,
    )[column];
    if (typeof value !== 'number') throw new Error(`${code}.${column} is not a count: ${String(value)}`);
    return value;
  };

  it('counts decisions per deciding authority and rolls them up to the province; defaults to the user’s authority', async () => {
    const before = await table('fj.reviewer');
    expect(before.params.authority).toBe('fj');
    expect(before.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['fj', 'fj-xm', 'fj-fz', 'fj-xm-sm']));
    expect(before.rows.map((r) => r.code)).not.toContain('samr');

    await admin.patch('/api/v1/admin/authority-levels/prefecture').send({ upperConsentRequired: false, reason: 'test' }).expect(200);
    try {
      const xm = await enterpriseIn(t, XIAMEN_SIMING);
      const xmId = await proposedAndWaived(await t.asUser('xm.officer'), xm.code);
      await (
        await t.asUser('xm.reviewer')
      )
        .post(`/api/v1/listings/${xmId}/decide`)
        .send({ decisionNumber: `统计〔2026〕${Date.now()}号` })
        .expect(200);
      const fz = await enterpriseIn(t, FUZHOU_GULOU);
      const fzId = await proposedAndWaived(await t.asUser('fz.officer'), fz.code);
      await (
        await t.asUser('fz.reviewer')
      )
        .post(`/api/v1/listings/${fzId}/decide`)
        .send({ decisionNumber: `统计〔2026〕${Date.now()}号` })
        .expect(200);
    } finally {
      await admin.patch('/api/v1/admin/authority-levels/prefecture').send({ upperConsentRequired: true, reason: 'test' }).expect(200);
    }

    const after = await table('fj.reviewer');
    expect(count(after, 'fj-xm', 'decidedOwn')).toBe(count(before, 'fj-xm', 'decidedOwn') + 1);
    expect(count(after, 'fj-fz', 'inForceOwn')).toBe(count(before, 'fj-fz', 'inForceOwn') + 1);
    expect(count(after, 'fj', 'decided')).toBe(count(before, 'fj', 'decided') + 2); // rolled up: Xiamen and Fuzhou under Fujian
    expect(count(after, 'fj', 'decidedOwn')).toBe(count(before, 'fj', 'decidedOwn'));

    // the Xiamen user's default is Xiamen and below
    const xmView = await table('xm.reviewer');
    // Xiamen and the authorities under it (other suites may have added some under Xiamen in this shared database)
    const xmCodes = xmView.rows.map((r) => String(r.code));
    expect(xmCodes).toEqual(expect.arrayContaining(['fj-xm', 'fj-xm-sm']));
    expect(xmCodes.filter((c) => ['fj', 'fj-fz', 'samr'].includes(c))).toEqual([]);
    const csv = await (await t.asUser('xm.reviewer')).get('/api/v1/statistics/authorities').set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('厦门市市场监督管理局');
    const unknown: Reply<Problem> = await (await t.asUser('xm.reviewer')).get('/api/v1/statistics/authorities').query({ authority: 'no-such' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.[0]).toMatchObject({ field: 'authority', rule: 'exists' });
  });
});
