import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady } from './checks.fixtures.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

// Uses the insurance_guarantee purpose only, so the catalogue changes here never touch checks elsewhere.
describe('measure catalogue (联合奖惩措施目录)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
  });
  afterAll(() => t.close());

  it('is seeded for all nine purposes and readable by partners and staff', async () => {
    const res: Reply<Ok<'/api/v1/measures'>> = await t.partner().get('/api/v1/measures');
    expect([res.status, Array.isArray(res.body)]).toEqual([200, true]); // the catalogue, not a problem
    expect(new Set(res.body.map((m) => m.purpose)).size).toBe(9);
    expect(res.body).toContainEqual(
      expect.objectContaining({
        code: 'GP-R-LISTED',
        trigger: 'listed',
        triggerGrade: null,
        kind: 'restriction',
        text: { zh: expect.any(String), en: expect.any(String) },
      }),
    );
  });

  it('lets an admin add, change and retire a measure, audited, with version checks', async () => {
    const admin = await t.as('admin');
    const code = `INS-TEST-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const measure = {
      department: '测试部门',
      purpose: 'insurance_guarantee',
      trigger: 'grade_at_least',
      triggerGrade: 'AAA',
      kind: 'incentive',
      legalBasis: '测试依据',
      text: { zh: '测试', en: 'test' },
    };
    expect((await (await t.as('registrar')).post('/api/v1/measures').send({ code, ...measure })).status).toBe(403);
    const created: Reply<Ok<'/api/v1/measures', 'post'>> = await admin.post('/api/v1/measures').send({ code, ...measure });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, version: 1, active: true });
    expect(body<Problem>(await admin.post('/api/v1/measures').send({ code, ...measure })).code).toBe('MEASURES.CODE_TAKEN');
    const noGrade = await admin.post('/api/v1/measures').send({ code: `${code}X`, ...measure, triggerGrade: undefined });
    expect(noGrade.status).toBe(400);

    const changed: Reply<Ok<'/api/v1/measures/{code}', 'patch'>> = await admin
      .patch(`/api/v1/measures/${code}`)
      .send({ ...measure, legalBasis: '修订依据', version: 1, reason: '备忘录修订' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ legalBasis: '修订依据', version: 2 });
    const stale: Reply<Problem> = await admin.patch(`/api/v1/measures/${code}`).send({ ...measure, version: 1, reason: 'x' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('MEASURES.STALE');

    const retired: Reply<Ok<'/api/v1/measures/{code}', 'delete'>> = await admin.delete(`/api/v1/measures/${code}`).send({ version: 2, reason: '废止' });
    expect(retired.body).toMatchObject({ active: false, version: 3 });
    expect(body<Ok<'/api/v1/measures'>>(await admin.get('/api/v1/measures').query({ purpose: 'insurance_guarantee' })).map((m) => m.code)).not.toContain(code);

    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get('/api/v1/audit').query({ entityType: 'measure', entityId: code }); // the admin does not read the audit log
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['measure.created', 'measure.retired', 'measure.updated']);
  });
});
