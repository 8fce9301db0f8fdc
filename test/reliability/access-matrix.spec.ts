import { ROLE_PERMISSIONS, ROLES } from '#qcr/access';
import type TestAgent from 'supertest/lib/agent.js';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { ACCESS_MATRIX, CALLERS, type Caller, type Expected, OK } from './access-matrix.js';
import { inParallel, type Operation, operations } from './support.js';

/** What the route's declared rule and ROLE_PERMISSIONS imply; the table must agree with it. */
function derived(op: Operation): Expected[] {
  const a = op.access;
  if (a.kind === 'public') return CALLERS.map(() => OK);
  if (a.kind === 'authenticated') return CALLERS.map((c) => (c === 'anonymous' ? 401 : c.startsWith('partner') ? 403 : OK));
  return CALLERS.map((c): Expected => {
    if (c === 'anonymous') return 401;
    if (c === 'partner') return a.partner ? OK : 403;
    if (c === 'partnerWithoutPurpose') return 403;
    return (ROLE_PERMISSIONS[c] as readonly string[]).includes(a.permission!) ? OK : 403;
  });
}

describe('access matrix: every route × every caller', () => {
  let t: TestApp;
  let ops: Operation[];
  beforeAll(async () => {
    t = await createTestApp();
    ops = operations(t);
  });
  afterAll(() => t.close());

  it('lists every route of the OpenAPI document, and no route that is gone', () => {
    const keys = ops.map((o) => o.key);
    expect(keys.filter((k) => !(k in ACCESS_MATRIX))).toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("agrees with each route's declared rule and the role table", () => {
    const disagreements = ops
      .filter((op) => ACCESS_MATRIX[op.key] && JSON.stringify(ACCESS_MATRIX[op.key]) !== JSON.stringify(derived(op)))
      .map((op) => `${op.key}: table ${JSON.stringify(ACCESS_MATRIX[op.key])} vs declared ${JSON.stringify(derived(op))}`);
    expect(disagreements).toEqual([]);
  });

  it('the running app answers each caller as the table says', async () => {
    const agents = new Map<Caller, () => Promise<TestAgent>>([
      ['anonymous', () => Promise.resolve(t.http())],
      ...ROLES.map((r) => [r, () => t.as(r)] as [Caller, () => Promise<TestAgent>]),
      ['partner', () => Promise.resolve(t.partner())],
      ['partnerWithoutPurpose', () => Promise.resolve(t.partner())],
    ]);
    const mismatches: string[] = [];
    const tasks = ops.flatMap((op) =>
      CALLERS.map((caller, i) => async () => {
        const expected = ACCESS_MATRIX[op.key]?.[i];
        if (expected === undefined) return;
        // Harmless: ids that do not exist, an unknown body field (rejected after the access check).
        const path = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-00000000acce');
        const purpose = caller === 'partnerWithoutPurpose' ? 'financing' : 'government_procurement';
        const agent = await agents.get(caller)!();
        let req = agent[op.method](path).query({ purpose });
        if (op.method !== 'get') req = req.set('Content-Type', 'application/json').send(JSON.stringify({ __accessProbe: true }));
        const res = await req.ok(() => true);
        const actual = res.status === 401 || res.status === 403 ? res.status : OK;
        if (actual !== expected || res.status >= 500)
          mismatches.push(`${caller} ${op.key}: expected ${expected}, got ${res.status} ${bodyOf<{ code?: string } | undefined>(res)?.code ?? ''}`);
      }),
    );
    await inParallel(tasks, 6);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
