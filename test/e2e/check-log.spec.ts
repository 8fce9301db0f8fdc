import { DEMO_AGENCY_CODE } from '#qcr/access';
import { randomUscc } from '#qcr/identifiers';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/**
 * GET /api/v1/checks/log (issue 16): the auditor reads who asked about whom, for what purpose and
 * when (DOMAIN.md §8) — filtered, cursor-paged, and the reading itself lands in the audit log.
 */
describe('check log (核查日志) for the auditor', () => {
  let t: TestApp;
  let e: { id: string; code: string; name: string };
  beforeAll(async () => {
    t = await createTestApp();
    const code = randomUscc(Math.random, { division: '350200' });
    const name = `核查日志测试${code.slice(-6)}有限公司`;
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises')
      .send({ code, name, legalRepresentative: { name: '日志测试' }, industryCode: 'C' });
    expect(res.status).toBe(201);
    e = { id: res.body.id, code, name };
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    expect((await t.partner().get(`/api/v1/checks/${code}?purpose=government_procurement`)).status).toBe(200);
    expect((await (await t.as('officer')).get(`/api/v1/checks/${code}?purpose=honours`)).status).toBe(200);
    expect((await (await t.as('officer')).get(`/api/v1/checks/${code}?purpose=subsidies`)).status).toBe(200);
  });
  afterAll(() => t.close());

  it('names who asked (agency or staff user), about whom (name and code), the purpose and the verdict, newest first', async () => {
    const res: Reply<Ok<'/api/v1/checks/log'>> = await (await t.as('auditor')).get(`/api/v1/checks/log?enterprise=${e.code}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    const [subsidies, honours, procurement] = res.body.items;
    if (!subsidies || !honours || !procurement) throw new Error('three checks were logged (length checked above)');
    expect(subsidies).toMatchObject({
      purpose: 'subsidies',
      actor: { kind: 'staff', name: 'officer' },
      agency: null,
      enterprise: { name: e.name, uscc: e.code },
      inputCode: e.code,
      verdict: 'clear',
    });
    expect(honours.purpose).toBe('honours');
    expect(procurement).toMatchObject({ purpose: 'government_procurement', actor: { kind: 'partner' }, agency: { code: DEMO_AGENCY_CODE } });
    expect(Date.parse(subsidies.checkedAt)).toBeGreaterThanOrEqual(Date.parse(procurement.checkedAt));
  });

  it('filters by agency, actor, purpose and day, and pages with a cursor', async () => {
    const auditor = await t.as('auditor');
    const staff: Reply<Ok<'/api/v1/checks/log'>> = await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&agency=staff`);
    expect(staff.body.items.map((i: { purpose: string }) => i.purpose)).toEqual(['subsidies', 'honours']);
    const byActor: Reply<Ok<'/api/v1/checks/log'>> = await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&actor=officer&purpose=honours`);
    expect(byActor.body.items).toHaveLength(1);
    const partnerId = body<Ok<'/api/v1/checks/log'>>(await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&purpose=government_procurement`)).items[0]
      ?.agency?.id;
    expect(body<Ok<'/api/v1/checks/log'>>(await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&agency=${partnerId}`)).items).toHaveLength(1);
    expect(body<Ok<'/api/v1/checks/log'>>(await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&to=2020-01-01`)).items).toHaveLength(0);

    const first: Reply<Ok<'/api/v1/checks/log'>> = await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second: Reply<Ok<'/api/v1/checks/log'>> = await auditor.get(`/api/v1/checks/log?enterprise=${e.code}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { purpose: string }) => i.purpose)).toEqual(['government_procurement']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('is itself audited: who read the log, with which filters', async () => {
    const reader = await t.as('auditor');
    expect((await reader.get(`/api/v1/checks/log?enterprise=${e.code}&purpose=honours`)).status).toBe(200);
    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get('/api/v1/audit?action=checks.log.read&limit=5');
    const entry = audit.body.items.find(
      // `after` is free-form in the contract; a log read records its filters there
      (a) => a.actor.name === 'auditor' && (a.after as { filters?: Record<string, string> } | undefined)?.filters?.purpose === 'honours',
    );
    expect(entry).toMatchObject({ entityType: 'check_log', after: { filters: { enterprise: e.code, purpose: 'honours' }, returned: 1 } });
  });

  it('is for auditors only (not the administrator, issue 13); bad filters are problems naming the field', async () => {
    expect((await (await t.as('admin')).get('/api/v1/checks/log')).status).toBe(403);
    expect((await (await t.as('reviewer')).get('/api/v1/checks/log')).status).toBe(403);
    expect((await t.partner().get('/api/v1/checks/log')).status).toBe(403);
    const auditor = await t.as('auditor');
    const badDate: Reply<Problem> = await auditor.get('/api/v1/checks/log?from=2025-13-01');
    expect(badDate.status).toBe(400);
    expect(badDate.headers['content-type']).toContain('application/problem+json');
    expect(badDate.body.errors?.[0]?.field).toBe('from');
    const badCursor: Reply<Problem> = await auditor.get('/api/v1/checks/log?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors?.[0]).toMatchObject({ field: 'cursor' });
    expect((await auditor.get('/api/v1/checks/log?purpose=gambling')).status).toBe(400);
    expect((await auditor.get('/api/v1/checks/log?limit=0')).status).toBe(400);
  });
});
