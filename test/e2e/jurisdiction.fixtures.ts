import { randomUscc } from '#qcr/identifiers';
import type TestAgent from 'supertest/lib/agent.js';
import type { TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';
import { uniqueHan } from './enterprises.fixtures.js';

/** Demo regions (libs/access/src/authorities/authorities.seed.ts). */
export const XIAMEN_SIMING = '350203';
export const XIAMEN_HULI = '350206';
export const FUZHOU_GULOU = '350102';

/** An enterprise in the given county, registered by the national demo registrar (nationwide reach). */
export async function enterpriseIn(t: TestApp, division: string): Promise<{ code: string; id: string }> {
  const code = randomUscc(Math.random, { division });
  const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (await t.as('registrar')).post('/api/v1/enterprises').send({
    code,
    name: `辖区测试${uniqueHan()}有限公司`,
    regionCode: division,
    industryCode: 'C',
    legalRepresentative: { name: '辖区法人', idNumber: '350203197001101005' },
  });
  if (res.status !== 201) throw new Error(`register ${code}: ${res.status} ${res.text}`);
  return { code, id: res.body.id };
}

export function listingProposal(enterprise: string) {
  return {
    enterprise,
    listType: 'quality_serious_dishonesty',
    reason: '生产销售不合格产品，受到较重行政处罚',
    legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
    penaltyDocumentNumber: `辖区罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    penaltyDecidedOn: '2026-01-05',
    penaltyAuthority: '厦门市市场监督管理局',
  };
}

export function expectJurisdictionRefusal(res: { status: number; body: { code?: string; detail?: string; rule?: string } }): void {
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('ACCESS.OUTSIDE_JURISDICTION');
  expect(res.body.rule).toBe('jurisdiction.region');
  expect(res.body.detail).toMatch(/jurisdiction rule/);
}

/** Proposed, notified and waived by the officer agent: ready for a decision. */
export async function proposedAndWaived(officer: TestAgent, enterprise: string): Promise<string> {
  const res: Reply<Ok<'/api/v1/listings', 'post'>> = await officer.post('/api/v1/listings').send(listingProposal(enterprise));
  if (res.status !== 201) throw new Error(`propose: ${res.status} ${res.text}`);
  const id = res.body.id;
  for (const [path, body] of [
    ['notify', {}],
    ['statements', { kind: 'waiver', summary: '企业书面放弃陈述申辩' }],
  ] as const) {
    const r = await officer.post(`/api/v1/listings/${id}/${path}`).send(body);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  }
  return id;
}
