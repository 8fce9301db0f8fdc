import type { BenchContext } from './scenarios.js';

/**
 * Writes the way the registry's users make them, through the API, so the check is measured on
 * indexes that have seen months-of-work-style single writes and not only a fresh COPY: credit records
 * by the registrar (each regrades its enterprise in the same transaction) and listings through the
 * whole due process (officer proposes and notifies, the enterprise waives its statement, a reviewer
 * decides). Returns how many of each landed; anything else is an error naming the step.
 */
export async function productionWrites(
  ctx: BenchContext,
  codes: string[],
  records: number,
  listings: number,
): Promise<{ records: number; listings: number; seconds: number }> {
  const started = performance.now();
  const call = async (token: string, method: string, path: string, body: unknown) => {
    const res = await fetch(`${ctx.api.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { id: string } & Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  };
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

  for (let i = 0; i < records; i++) {
    const code = codes[i % codes.length];
    await call(ctx.tokens.registrar, 'POST', `/api/v1/enterprises/${code}/credit-records`, {
      categoryCode: i % 3 === 0 ? 'sampling_failed' : 'sampling_passed',
      occurredOn: daysAgo(1 + (i % 300)),
      documentNumber: `基准〔${today.slice(0, 4)}〕${i}号`,
      issuingDepartment: '基准测试市场监督管理局',
      legalBasis: '《中华人民共和国产品质量法》',
      description: 'bench: a credit record written through the API',
    });
  }
  for (let i = 0; i < listings; i++) {
    const code = codes[codes.length - 1 - i];
    const enterprise = await call(ctx.tokens.registrar, 'GET', `/api/v1/enterprises/${code}`, undefined).catch(() => null);
    const id = enterprise?.id ?? code;
    const proposed = await call(ctx.tokens.officer, 'POST', '/api/v1/listings', {
      enterprise: id,
      listType: 'quality_serious_dishonesty',
      reason: '基准测试：生产销售不合格产品，受到较重行政处罚',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
      penaltyDocumentNumber: `基准罚〔${today.slice(0, 4)}〕${i}号`,
      penaltyDecidedOn: daysAgo(30),
      penaltyAuthority: '基准测试市场监督管理局',
    });
    await call(ctx.tokens.officer, 'POST', `/api/v1/listings/${proposed.id}/notify`, {});
    await call(ctx.tokens.officer, 'POST', `/api/v1/listings/${proposed.id}/statements`, { kind: 'waiver', summary: '企业书面放弃陈述申辩' });
    await call(ctx.tokens.reviewer, 'POST', `/api/v1/listings/${proposed.id}/decide`, { decisionNumber: `基准列〔${today.slice(0, 4)}〕${i}号` });
  }
  return { records, listings, seconds: (performance.now() - started) / 1000 };
}
