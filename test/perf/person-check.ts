import { randomUscc, residentIdCheckChar } from '#qcr/identifiers';
import { type LoadTarget, measureInTurns } from './check-scenarios.js';
import { errorsNote, notAvailable, ratioText, type Row } from './report.js';
import { type BenchContext, hasOperation, PURPOSE } from './scenarios.js';
import { fmt } from './stats.js';

/** A valid GB 11643 number, distinct per n (birth dates spread over 1960–1999, sequence from n). */
export function benchIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 14_600) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `350203${birth}${String(Math.floor(n / 14_600) % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/**
 * Issue 18: "a person check costs no more than an enterprise check". Persons are made the way production makes
 * them — enterprises registered through the API with their legal representative, some listed through the whole
 * due process — then POST /api/v1/checks/persons (ID in the body) and GET /api/v1/checks/{code} are measured in
 * turns with the same partner key (an agency holding office_holding and government_procurement). A third target,
 * the enterprise check for office_holding, shows what the officers' join adds to the enterprise statement.
 */
export async function personCheck(ctx: BenchContext, codes: string[], persons: number, listed: number): Promise<Row[]> {
  const label = 'person check vs enterprise check';
  if (!hasOperation(ctx, 'post', '/api/v1/checks/persons')) return [notAvailable(label, 'POST /api/v1/checks/persons is not in this build', '≥ 0.9×')];
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${ctx.api.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { id: string } & Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  };
  const started = performance.now();
  const agency = await call(ctx.tokens.admin, 'POST', '/api/v1/admin/agencies', {
    code: `bench-lic-${Date.now()}`,
    name: '基准测试行政审批局',
    department: '行政审批局',
    purposes: ['office_holding', 'licensing', PURPOSE],
  });
  const key = (await call(ctx.tokens.admin, 'POST', `/api/v1/admin/agencies/${agency.id}/keys`, { label: 'bench persons', validDays: 1 })).key as string;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  for (let i = 0; i < persons; i++) {
    const code = randomUscc(Math.random, { division: '350203' });
    const enterprise = await call(ctx.tokens.registrar, 'POST', '/api/v1/enterprises', {
      code,
      name: `基准个人核查${i}号有限公司`,
      industryCode: 'C',
      legalRepresentative: { name: '基准', idType: 'resident_id', idNumber: benchIdNumber(i) },
    });
    if (i >= listed) continue;
    const proposed = await call(ctx.tokens.officer, 'POST', '/api/v1/listings', {
      enterprise: enterprise.id,
      listType: 'quality_serious_dishonesty',
      reason: '基准测试：较重行政处罚',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
      penaltyDocumentNumber: `基准个人〔${today.slice(0, 4)}〕${i}号`,
      penaltyDecidedOn: today,
      penaltyAuthority: '基准测试市场监督管理局',
    });
    await call(ctx.tokens.officer, 'POST', `/api/v1/listings/${proposed.id}/notify`, {});
    await call(ctx.tokens.officer, 'POST', `/api/v1/listings/${proposed.id}/statements`, { kind: 'waiver', summary: '企业书面放弃陈述申辩' });
    await call(ctx.tokens.reviewer, 'POST', `/api/v1/listings/${proposed.id}/decide`, { decisionNumber: `基准个人列〔${today.slice(0, 4)}〕${i}号` });
  }
  ctx.log(`  ${persons} persons (${listed} listed) through the API in ${fmt((performance.now() - started) / 1000)} s`);

  // Half the checks name recorded persons, half persons never recorded (the common "clear" answer).
  const n = Math.max(codes.length, 2 * persons);
  const bodies = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ idType: 'resident_id', idNumber: benchIdNumber(i % 2 === 0 ? (i / 2) % persons : 1_000_000 + i), purpose: 'office_holding' }),
  );
  const headers = { 'X-API-Key': key };
  const person: LoadTarget = {
    name: 'person check',
    url: ctx.api.url,
    paths: bodies.map(() => '/api/v1/checks/persons'),
    bodies,
    headers,
    pid: ctx.api.child.pid,
  };
  const enterprise: LoadTarget = { name: 'enterprise check', url: ctx.api.url, paths: codes.map((c) => `/api/v1/checks/${c}?purpose=${PURPOSE}`), headers };
  const office: LoadTarget = {
    name: 'enterprise check (office_holding)',
    url: ctx.api.url,
    paths: codes.map((c) => `/api/v1/checks/${c}?purpose=office_holding`),
    headers,
  };
  const m = await measureInTurns(ctx, [person, enterprise, office]);
  const [p, e, o] = m.figures;
  const clean = p.non2xx + p.errors === 0 && e.non2xx + e.errors === 0;
  const ratio = m.ratio(0, 1, 'requestsPerSec');
  const p99 = m.ratio(0, 1, 'p99');
  const officeRatio = m.ratio(2, 1, 'requestsPerSec');
  return [
    {
      scenario: `${label}: throughput`,
      figure: `${fmt(p.requestsPerSec)} req/s${errorsNote(p)}`,
      baseline: `${fmt(e.requestsPerSec)} req/s${errorsNote(e)}`,
      ratio: ratioText(ratio),
      target: '≥ 0.9× (no more than an enterprise check, within noise)',
      verdict: clean && ratio >= 0.9 ? 'pass' : 'fail',
      data: { person: p, enterprise: e, office: o, runs: m.runs },
    },
    {
      scenario: `${label}: latency`,
      figure: `p50 ${fmt(p.p50, 2)} ms, p99 ${fmt(p.p99, 2)} ms`,
      baseline: `p50 ${fmt(e.p50, 2)} ms, p99 ${fmt(e.p99, 2)} ms`,
      ratio: `p99 ${ratioText(p99)}`,
      target: 'p99 ≤ 1.1×',
      verdict: clean && p99 <= 1.1 ? 'pass' : 'fail',
    },
    {
      scenario: 'enterprise check for office_holding (officers joined) vs government_procurement',
      figure: `${fmt(o.requestsPerSec)} req/s${errorsNote(o)}`,
      baseline: `${fmt(e.requestsPerSec)} req/s`,
      ratio: ratioText(officeRatio),
      target: '—',
      verdict: 'report',
    },
  ];
}
