import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseBody, freshUscc } from './enterprises.fixtures.js';
import type { Ok, Problem, Reply } from './typed-http.js';

/**
 * Issue 14: a registrar who mistypes a code gets the rule that failed, not "enterprise does not exist".
 * Every staff route taking an enterprise code answers a malformed one exactly as the public lookup does
 * (400 ENTERPRISE.INVALID_CODE naming rule, position, expected and given character), unless a documented
 * exception is registered under that code (DOMAIN.md §3), which then resolves.
 */
const withWrongCheck = (uscc: string) => uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
const withWrongOrgCheck = (uscc: string) => {
  // Change the org code's check char (position 17) and re-compute nothing: the USCC check fails first unless
  // the body stays; so test the org code alone (9 chars) for the org_check rule.
  const org = uscc.slice(8, 17);
  return org.slice(0, 8) + (org[8] === '0' ? '1' : '0');
};

describe('lookups by a malformed code answer like the public one', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const uscc = freshUscc();
  const BAD = {
    uscc_check: withWrongCheck(uscc),
    org_check: withWrongOrgCheck(uscc),
    alphabet: `${uscc.slice(0, 5)}I${uscc.slice(6)}`,
    length: uscc.slice(0, 12),
  };
  const ROUTES: { role: Parameters<TestApp['as']>[0]; method: 'get' | 'post' | 'patch'; path: (c: string) => string; body?: unknown; ifMatch?: boolean }[] = [
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}` },
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}?asOf=2024-01-01` },
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}/history` },
    { role: 'registrar', method: 'patch', path: (c) => `/api/v1/enterprises/${c}`, body: { reason: '更正' }, ifMatch: true },
    { role: 'registrar', method: 'post', path: (c) => `/api/v1/enterprises/${c}/rename`, body: { name: '新名称有限公司', reason: '更名' }, ifMatch: true },
    { role: 'registrar', method: 'post', path: (c) => `/api/v1/enterprises/${c}/status`, body: { status: 'revoked', reason: '吊销' }, ifMatch: true },
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}/credit-records` },
    {
      role: 'registrar',
      method: 'post',
      path: (c) => `/api/v1/enterprises/${c}/credit-records`,
      body: {
        categoryCode: 'sampling_failed',
        occurredOn: '2025-03-15',
        documentNumber: 'X-1',
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '产品质量法',
      },
    },
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}/grade` },
    { role: 'grader', method: 'get', path: (c) => `/api/v1/enterprises/${c}/grades` },
    { role: 'grader', method: 'post', path: (c) => `/api/v1/enterprises/${c}/grade-overrides`, body: { grade: 'A', reason: '现场核查' } },
  ];
  const SAME = (b: Record<string, unknown>) => ({
    status: b.status,
    code: b.code,
    title: b.title,
    detail: b.detail,
    rule: b.rule,
    position: b.position,
    expected: b.expected,
    given: b.given,
    errors: b.errors,
  });

  it.each(Object.entries(BAD))('%s: every staff route answers the public 400', async (rule, code) => {
    const pub: Reply<Problem> = await t.http().get(`/api/v1/public/enterprises/${code}`);
    expect(pub.status).toBe(400);
    expect(pub.body).toMatchObject({ code: 'ENTERPRISE.INVALID_CODE', rule });
    if (rule !== 'length') expect(pub.body.position).toEqual(expect.any(Number));
    for (const route of ROUTES) {
      let req = (await t.as(route.role))[route.method](route.path(code));
      if (route.ifMatch) req = req.set('If-Match', '"1"');
      const res: Reply<Problem> = await req.send(route.body as object);
      expect({ route: `${route.method} ${route.path(code)}`, status: res.status, type: res.headers['content-type'], body: SAME(res.body) }).toEqual({
        route: `${route.method} ${route.path(code)}`,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
        body: SAME(pub.body),
      });
    }
  });

  it('names the position, expected and given character of a wrong USCC check character', async () => {
    const res: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('registrar')).get(`/api/v1/enterprises/${BAD.uscc_check}`);
    expect(res.body).toMatchObject({
      status: 400,
      rule: 'uscc_check',
      position: 18,
      expected: uscc[17],
      given: BAD.uscc_check[17],
      errors: [{ field: 'code', rule: 'uscc_check' }],
    });
  });

  it('a blacklist proposal naming a malformed code gets the same problem on its `enterprise` field', async () => {
    const res: Reply<Problem> = await (await t.as('officer')).post('/api/v1/listings').send({
      enterprise: BAD.uscc_check,
      listType: 'quality_serious_dishonesty',
      reason: '较重处罚',
      legalBasis: '第十条',
      penaltyDocumentNumber: 'X-1',
      penaltyDecidedOn: '2024-12-01',
      penaltyAuthority: '厦门市市场监督管理局',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'ENTERPRISE.INVALID_CODE',
      rule: 'uscc_check',
      position: 18,
      errors: [{ field: 'enterprise', rule: 'uscc_check' }],
    });
  });

  it('a documented exception registered under a code failing its check still resolves on staff routes', async () => {
    const bad = withWrongCheck(freshUscc());
    const admin = await t.as('admin');
    expect(
      (await admin.post('/api/v1/enterprises').send(enterpriseBody(bad, { codeException: { reason: '福建早期试点代码，经省局核实合法发放' } }))).status,
    ).toBe(201);
    for (const path of [`/api/v1/enterprises/${bad}`, `/api/v1/enterprises/${bad}/history`, `/api/v1/enterprises/${bad}/credit-records`]) {
      expect((await admin.get(path)).status).toBe(200);
    }
  });

  it('a well-formed code nobody registered is still 404 on staff routes', async () => {
    const res: Reply<Problem> = await (await t.as('grader')).get(`/api/v1/enterprises/${freshUscc()}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ENTERPRISE.NOT_FOUND');
  });

  it('an unknown region lists the nearest valid codes of the same prefix', async () => {
    const res: Reply<Problem & { nearest: { regionCode: string[] } }> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises')
      .send(enterpriseBody(freshUscc(), { regionCode: '110199' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'ENTERPRISE.UNKNOWN_REFERENCE',
      errors: [{ field: 'regionCode', rule: 'gbt2260', message: expect.stringContaining('nearest valid: 1101') }],
    });
    // 1101xx at county level, numerically closest first (the full GB/T 2260 table: 110119 延庆区 … 110115 大兴区).
    expect(res.body.nearest.regionCode).toEqual(['110119', '110118', '110117', '110116', '110115']);
    for (const c of res.body.nearest.regionCode) expect(c).toMatch(/^1101\d\d$/);
  });
});
