import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import { bodyOf } from '../helpers/body.js';
import { defined } from '../helpers/defined.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { ACCESS_MATRIX } from './access-matrix.js';
import { JURISDICTION_MATRIX, listingBody, newCodeIn, NOT_ENTERPRISE_SCOPED, type Targets } from './jurisdiction-matrix.js';

const INSIDE = '350203'; // 厦门市思明区: inside 厦门市市场监督管理局 (fj-xm)
const OUTSIDE = '350102'; // 福州市鼓楼区: outside it

/** Refused for jurisdiction: the 403 naming the rule, or (imports) each row rejected under that rule. */
function refusedForJurisdiction(res: Response): boolean {
  const answer = bodyOf<{ code?: string; rule?: string; errors?: Array<{ rule?: string }> } | undefined>(res);
  if (res.status === 403) return answer?.code === 'ACCESS.OUTSIDE_JURISDICTION' && answer?.rule === 'jurisdiction.region';
  return (answer?.errors ?? []).some((e) => e.rule === 'jurisdiction.region');
}

describe('access matrix, jurisdiction dimension: every write route × enterprise inside / outside the authority (issue 24)', () => {
  let t: TestApp;
  let xiamen: TestAgent;
  const targets: Partial<Record<'inside' | 'outside', Targets>> = {};

  async function targetsIn(division: string): Promise<Targets> {
    const newCode = newCodeIn(division);
    const ok = (res: Response, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
      return bodyOf<{ id: string }>(res);
    };
    const registrar = await t.as('registrar');
    const code = newCode();
    const enterprise = ok(
      await registrar.post('/api/v1/enterprises').send({ code, name: `辖区矩阵${code.slice(-8)}有限公司`, regionCode: division, industryCode: 'C' }),
      'register',
    );
    const record = (doc: string) => ({
      categoryCode: 'chief_quality_officer',
      occurredOn: '2026-01-02',
      documentNumber: doc,
      issuingDepartment: '某局',
      legalBasis: '纲要',
    });
    const recordId = ok(await registrar.post(`/api/v1/enterprises/${code}/credit-records`).send(record(`JM-A-${code}`)), 'record').id;
    const disputed = ok(await registrar.post(`/api/v1/enterprises/${code}/credit-records`).send(record(`JM-B-${code}`)), 'record 2').id;
    const objectionId = ok(await registrar.post(`/api/v1/credit-records/${disputed}/objections`).send({ reason: '异议' }), 'objection').id;
    const overrideId = ok(await (await t.as('grader')).post(`/api/v1/enterprises/${code}/grade-overrides`).send({ grade: 'B', reason: '调整' }), 'override').id;
    const listingId = ok(await (await t.as('officer')).post('/api/v1/listings').send(listingBody(code)), 'listing').id;
    return { enterprise: { code, id: enterprise.id }, newCode, division, recordId, objectionId, overrideId, listingId };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const username = `xm-all-${Date.now().toString(36)}`;
    const password = `pw-${username}-long-enough`;
    const created = await (
      await t.as('admin')
    )
      .post('/api/v1/admin/users')
      .send({ username, displayName: '厦门全角色', password, roles: ['registrar', 'grader', 'officer', 'reviewer'], authority: 'fj-xm' });
    if (created.status !== 201) throw new Error(created.text);
    xiamen = await t.asUser(username, password);
    targets.inside = await targetsIn(INSIDE);
    targets.outside = await targetsIn(OUTSIDE);
  }, 60_000);
  afterAll(() => t.close());

  it('classifies every write route of the access matrix: a write on an enterprise, or not (with why)', () => {
    const writes = Object.keys(ACCESS_MATRIX).filter((k) => !k.startsWith('GET '));
    const unclassified = writes.filter((k) => !(k in JURISDICTION_MATRIX) && !(k in NOT_ENTERPRISE_SCOPED));
    const both = writes.filter((k) => k in JURISDICTION_MATRIX && k in NOT_ENTERPRISE_SCOPED);
    const gone = [...Object.keys(JURISDICTION_MATRIX), ...Object.keys(NOT_ENTERPRISE_SCOPED)].filter((k) => !writes.includes(k));
    expect({ unclassified, both, gone }).toEqual({ unclassified: [], both: [], gone: [] });
  });

  it.each(Object.keys(JURISDICTION_MATRIX))('%s: refused outside the region, not inside', async (route) => {
    const call = defined(JURISDICTION_MATRIX[route], `the jurisdiction call for ${route}`);
    const outside = await call(xiamen, targets.outside!);
    expect({ route, status: outside.status, refused: refusedForJurisdiction(outside) }).toEqual({ route, status: outside.status, refused: true });
    const inside = await call(xiamen, targets.inside!);
    expect({ route, refused: refusedForJurisdiction(inside), serverError: inside.status >= 500 }).toEqual({ route, refused: false, serverError: false });
  });
});
