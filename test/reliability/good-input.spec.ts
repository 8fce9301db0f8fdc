import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUscc } from '#qcr/identifiers';
import type { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent.js';
import { queryRows } from '#qcr/platform';
import { bodyOf } from '../helpers/body.js';
import { defined } from '../helpers/defined.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { ACCESS_MATRIX, CALLERS, type Caller, OK } from './access-matrix.js';
import { inParallel, type Operation, operations, PROBLEM_JSON } from './support.js';
import { type Fixtures, validRequests } from './valid-requests.js';

/**
 * Positive fuzzing from the contract (issue 14), beside the malformed-input fuzz (bad-input.spec.ts):
 * valid requests generated from every operation's OpenAPI schemas (valid-requests.ts: every optional part
 * present or absent, valid codes, existing references), sent as every caller the access matrix allows.
 * A valid request never gets a 5xx, never a 400 saying it is malformed, never 401/403, and every answer is
 * documented: a 2xx, a status the operation declares, or problem+json with a stable code.
 * The seed is printed; QCR_FUZZ_SEED=<seed> replays a failure.
 */
const SEED = Number(process.env.QCR_FUZZ_SEED ?? 20_261_202);
const PER_CALLER = Number(process.env.QCR_FUZZ_PER_CALLER ?? 7);
/** Each request to these does a lot of work (a full regrade, a file import): a couple suffice. */
const HEAVY = new Set(['POST /api/v1/grading/runs', 'POST /api/v1/grading/runs/{id}/resume', 'POST /api/v1/listings/expiry-run']);
const STABLE_CODE = /^[A-Z]+(\.[A-Z_]+)+$/;

describe('good input: valid requests from the contract to every operation', () => {
  let t: TestApp;
  let f: Fixtures;
  const agents = new Map<Caller, TestAgent>();
  let activeModel: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const c of CALLERS) agents.set(c, c === 'anonymous' ? t.http() : c.startsWith('partner') ? t.partner() : await t.as(c as never));
    f = await fixtures(t, agents);
    activeModel = defined(
      bodyOf<Array<{ active: boolean; version: string }>>(await agents.get('admin')!.get('/api/v1/grading/models')).find((m) => m.active),
      'an active grading model',
    ).version;
  }, 120_000);
  afterAll(async () => {
    // The fuzz activates whichever model version it picks; every later suite grades with the active one.
    const admin = agents.get('admin')!;
    const restored = await admin.post(`/api/v1/grading/models/${activeModel}/activate`).send({ reason: '模糊测试结束，恢复原模型' });
    const problem = bodyOf<{ code?: string }>(restored);
    if (restored.status !== 200 && problem.code !== 'GRADING.MODEL_ALREADY_ACTIVE') {
      throw new Error(`could not restore the active grading model ${activeModel}: ${restored.status} ${problem.code}`);
    }
    // Measures created here would change check answers for later suites: retire them.
    for (const code of bodyOf<Array<{ code: string }>>(await admin.get('/api/v1/measures'))
      .filter((m) => m.code.startsWith('FZ-'))
      .map((m) => m.code)) {
      const m = bodyOf<{ active?: boolean; version: number }>(await admin.get(`/api/v1/measures/${code}`));
      if (m.active !== false) await admin.delete(`/api/v1/measures/${code}`).send({ version: m.version, reason: 'fuzz clean-up' });
    }
    await t.close();
  });

  it('answers ≥ 2,000 valid requests with no 5xx and a documented status', async () => {
    console.log(`good-input fuzz: seed ${SEED} (replay with QCR_FUZZ_SEED=${SEED})`);
    const started = Date.now();
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let sent = 0;
    // Logout revokes the caller's token (with everywhere: true all of the user's): it would sign the fuzz's own
    // agents out mid-run. Its answers are tested in test/e2e/sessions.spec.ts.
    const SIGNS_OUT = new Set(['POST /api/v1/auth/logout']);
    // A Server-Sent Events stream answers an accepted request by never ending (by design); test/e2e/changes*.spec.ts.
    const streams = (op: { responses?: Record<string, unknown> }) => JSON.stringify(op.responses?.['200'] ?? {}).includes('text/event-stream');
    const ops = operations(t).filter((op) => ACCESS_MATRIX[op.key] && !SIGNS_OUT.has(op.key) && !streams(op));
    const tasks = ops.flatMap((op, k) =>
      CALLERS.flatMap((caller, i) => {
        if (ACCESS_MATRIX[op.key]?.[i] !== OK) return [];
        // The demo agency holds no purpose a person check answers (office_holding, licensing): its partner key is
        // refused there by purpose, as it should be. Partners on person checks: test/e2e/persons.spec.ts.
        if (caller === 'partner' && op.path.startsWith('/api/v1/checks/persons')) return [];
        const requests = validRequests(op, f, SEED + k * 31 + i, HEAVY.has(op.key) ? 1 : PER_CALLER);
        return requests.map((r, n) => async () => {
          const agent = agents.get(caller)!;
          const query = { ...r.query, ...(op.parameters.some((p) => p.name === 'purpose' && p.in === 'query') ? { purpose: purposeOf(caller) } : {}) };
          let body = r.body;
          // A partner asks only for the purposes its agency holds; staff give feedback on their own receipts.
          if (caller.startsWith('partner') && body && typeof body === 'object' && 'purpose' in body) body = { ...body, purpose: purposeOf(caller) };
          // Anyone may verify any receipt on the public route; elsewhere a caller's own receipt.
          const receiptId = op.path.startsWith('/api/v1/public/') ? [...f.receiptsBy.values()][0] : f.receiptsBy.get(caller);
          const path = op.path.includes('{receiptId}') ? r.path.replace(/receipts\/[^/]+/, `receipts/${receiptId ?? 'none'}`) : r.path;
          const headers: Record<string, string> = {};
          if (op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) {
            headers['If-Match'] = (await agents.get('admin')!.get(path)).headers.etag ?? '"1"';
          }
          if (op.bodySchema?.properties?.version && body && typeof body === 'object') {
            body = { ...body, version: bodyOf<{ version?: number }>(await agents.get('admin')!.get(path)).version ?? 1 };
          }
          let req = agent[op.method](path).query(query);
          for (const [h, v] of Object.entries(headers)) req = req.set(h, v);
          if (r.raw !== undefined) req = req.set('Content-Type', r.contentType!).send(r.raw);
          else if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
          const res = await req.ok(() => true);
          sent++;
          const key = `${op.key} ${res.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const answer = bodyOf<{ code?: string; detail?: string } | undefined>(res);
          const problem = !documented(op, res.status, res.headers['content-type'], answer);
          if (problem) {
            failures.push(
              `${caller} ${op.key} #${n} → ${res.status} ${answer?.code ?? ''} ${String(answer?.detail ?? res.text).slice(0, 160)} | ` +
                `${path}?${new URLSearchParams(query).toString()} ${JSON.stringify(body ?? r.raw ?? '').slice(0, 300)}`,
            );
          }
        });
      }),
    );
    await inParallel(tasks, 6);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `good-input fuzz: ${sent} valid requests over ${ops.length} operations in ${seconds.toFixed(1)} s; ` +
        `${failures.length} failures; by status: ${JSON.stringify(byStatus(statuses))}`,
    );
    if (process.env.QCR_FUZZ_VERBOSE) console.log([...statuses].map(([k, n]) => `${k} ×${n}`).join('\n'));
    const distinct = [...new Map(failures.map((x) => [`${x.split(' #')[0]}${x.split('→')[1]?.slice(0, 40)}`, x])).values()];
    expect({ seed: SEED, failures: distinct.slice(0, 40), failureCount: failures.length }).toEqual({ seed: SEED, failures: [], failureCount: 0 });
    expect(sent).toBeGreaterThanOrEqual(2_000);
  }, 180_000);
});

const byStatus = (m: Map<string, number>) => {
  const out: Record<string, number> = {};
  for (const [k, n] of m) out[k.slice(-3)] = (out[k.slice(-3)] ?? 0) + n;
  return out;
};

const purposeOf = (caller: Caller) => (caller === 'partnerWithoutPurpose' ? 'financing' : 'government_procurement');

/** A valid request's answer: 2xx, or a status the operation declares, or a domain problem with a stable code. */
const SEPARATION_OF_DUTIES = /\.(REVOCATION_)?FOUR_EYES$|^ACCESS\.FRESH_ACCOUNT$/;

function documented(op: Operation, status: number, contentType: string | undefined, body: { code?: string } | undefined): boolean {
  if (status >= 500 || status === 401) return false;
  // A 403 is an access refusal (a failure here: the matrix allows this caller) unless it is a documented
  // separation-of-duties rule (issue 13): the same person proposing and approving a revocation, a fresh account.
  if (status === 403 && !SEPARATION_OF_DUTIES.test(body?.code ?? '')) return false;
  if (status === 400 && (body?.code === 'REQUEST.VALIDATION_FAILED' || body?.code === 'REQUEST.MALFORMED_BODY')) return false;
  if (status < 300) return true;
  if (!PROBLEM_JSON.test(String(contentType)) || !STABLE_CODE.test(body?.code ?? '')) return false;
  return status in (op.responses ?? {}) || status !== 400;
}

/** What a create answers, as far as the fixtures read it: the new record's id. */
interface Created {
  id?: string;
}

/** Records every path parameter can point at, made through the API as their users would. */
async function fixtures(t: TestApp, agents: Map<Caller, TestAgent>): Promise<Fixtures> {
  const db = t.app.get<DataSource>(getDataSourceToken());
  const as = (c: Caller) => agents.get(c)!;
  const ids = (rows: Created[]) => rows.map((r) => r.id).filter((x): x is string => !!x);
  const divisions = (
    await queryRows<{ code: string }>(
      db,
      `(SELECT code FROM enterprises.divisions WHERE level = 'county' AND valid_until IS NULL ORDER BY md5(code) LIMIT 40)
     UNION ALL (SELECT code FROM enterprises.divisions WHERE valid_until IS NOT NULL)`,
    )
  ).map((r) => r.code);
  const industries = (await queryRows<{ code: string }>(db, `SELECT code FROM enterprises.industries ORDER BY code`)).map((r) => r.code);
  const enterpriseCodes: string[] = [];
  for (let i = 0; i < 8; i++) {
    const res = await as('registrar')
      .post('/api/v1/enterprises')
      .send({
        code: randomUscc(Math.random, { division: divisions[i] }),
        name: `模糊测试${i}号${Date.now()}有限公司`,
        industryCode: 'C',
        legalRepresentative: { name: '张三' },
      });
    if (res.status !== 201) throw new Error(`fixture enterprise: ${res.status} ${res.text}`);
    enterpriseCodes.push(bodyOf<{ uscc: string }>(res).uscc);
  }
  const creditRecordIds: string[] = [];
  for (const code of enterpriseCodes.slice(0, 6)) {
    const res = await as('registrar')
      .post(`/api/v1/enterprises/${code}/credit-records`)
      .send({
        categoryCode: 'sampling_failed',
        occurredOn: '2025-03-15',
        documentNumber: `模糊〔2025〕${code}号`,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '产品质量法',
      });
    creditRecordIds.push(bodyOf<{ id: string }>(res).id);
  }
  const objectionIds = ids(
    await Promise.all(
      creditRecordIds
        .slice(0, 3)
        .map(async (id) => bodyOf<Created>(await as('registrar').post(`/api/v1/credit-records/${id}/objections`).send({ reason: '企业提出异议' }))),
    ),
  );
  const listingIds = ids(
    await Promise.all(
      enterpriseCodes.slice(0, 4).map(async (code) =>
        bodyOf<Created>(
          await as('officer')
            .post('/api/v1/listings')
            .send({
              enterprise: code,
              listType: 'quality_serious_dishonesty',
              reason: '较重行政处罚',
              legalBasis: '第十条',
              penaltyDocumentNumber: `罚〔2024〕${code}号`,
              penaltyDecidedOn: '2024-12-01',
              penaltyAuthority: '厦门市市场监督管理局',
            }),
        ),
      ),
    ),
  );
  const overrideIds = ids(
    await Promise.all(
      enterpriseCodes
        .slice(4, 7)
        .map(async (code) => bodyOf<Created>(await as('grader').post(`/api/v1/enterprises/${code}/grade-overrides`).send({ grade: 'A', reason: '现场核查' }))),
    ),
  );
  const plan = bodyOf<Created>(
    await as('grader')
      .post('/api/v1/inspection-plans')
      .send({ title: '模糊测试抽查计划', periodFrom: '2025-07-01', periodTo: '2025-09-30', inspectors: ['张', '李'] }),
  );
  const runs = bodyOf<Created[] | { items: Created[] }>(await as('grader').get('/api/v1/grading/runs'));
  const imported = bodyOf<Created>(
    await as('registrar')
      .post('/api/v1/enterprises/import')
      .set('Content-Type', 'text/csv')
      .send(`uscc,name,industry_code\n${randomUscc(Math.random, { division: '110108' })},导入模糊测试有限公司,C\n`),
  );
  const receiptsBy = new Map<Caller, string>();
  for (const c of CALLERS.filter((x) => x !== 'anonymous' && x !== 'partnerWithoutPurpose')) {
    const check = bodyOf<{ receipt?: { receiptId?: string } } | undefined>(
      await as(c).get(`/api/v1/checks/${enterpriseCodes[0]}`).query({ purpose: 'government_procurement' }),
    );
    if (check?.receipt?.receiptId) receiptsBy.set(c, check.receipt.receiptId);
  }
  const agencies = bodyOf<Array<{ id: string }>>(await as('admin').get('/api/v1/admin/agencies'));
  const ownAgency = bodyOf<{ id: string }>(
    await as('admin')
      .post('/api/v1/admin/agencies')
      .send({ code: `fz-own-${Date.now()}`, name: '模糊测试机构', department: '测试', purposes: ['honours'] }),
  );
  const keyIds = ids(
    await Promise.all(
      [1, 2, 3].map(async () => bodyOf<Created>(await as('admin').post(`/api/v1/admin/agencies/${ownAgency.id}/keys`).send({ label: 'fuzz', validDays: 30 }))),
    ),
  );
  const categories = bodyOf<Array<{ code: string }>>(await as('admin').get('/api/v1/credit-categories'));
  const ownCategory = bodyOf<{ code: string }>(
    await as('admin')
      .post('/api/v1/credit-categories')
      .send({
        code: `fz_own_${Date.now()}`,
        polarity: 'positive',
        severity: 'positive',
        nameZh: '模糊测试类别',
        nameEn: 'Fuzz category',
        publicationMonths: 12,
      }),
  );
  const measures = bodyOf<Array<{ code: string }>>(await as('admin').get('/api/v1/measures'));
  const ownMeasure = bodyOf<{ code: string }>(
    await as('admin')
      .post('/api/v1/measures')
      .send({
        code: `FZ-OWN-${Date.now()}`,
        department: '测试',
        purpose: 'honours',
        trigger: 'listed',
        kind: 'restriction',
        legalBasis: '测试',
        text: { zh: '测试', en: 'test' },
      }),
  );
  const models = bodyOf<Array<{ version: string }>>(await as('admin').get('/api/v1/grading/models'));
  const model = bodyOf<Fixtures['model'] & { model?: Fixtures['model'] }>(await as('admin').get(`/api/v1/grading/models/${models[0]?.version ?? 'v1'}`));
  const list = <T>(x: T[] | { items: T[] }) => (Array.isArray(x) ? x : (x.items ?? []));
  return {
    enterpriseCodes,
    creditRecordIds,
    objectionIds,
    listingIds,
    repairApplicationIds: [],
    overrideIds,
    planIds: ids([plan]),
    runIds: ids(list(runs)),
    importIds: ids([imported]),
    receiptIds: [...receiptsBy.values()],
    receiptsBy,
    agencyIds: [...ids(agencies), ownAgency.id],
    keyIds,
    categoryCodes: categories.map((c) => c.code),
    ownCategoryCodes: [ownCategory.code],
    measureCodes: list(measures).map((m) => m.code),
    ownMeasureCodes: [ownMeasure.code],
    modelVersions: list(models).map((m) => m.version),
    model: model.model ?? model,
    divisions,
    industries,
    demoPassword: process.env.QCR_TEST_DEMO_PASSWORD!,
  };
}
