/**
 * Realistic example values for the generated response schemas, chosen by property name: what a
 * partner sees in /docs should read like a registry answer (Chinese names, codes that pass their
 * check digits — test/contract/examples.spec.ts proves it), not "string".
 */
export const EXAMPLE_USCC = '91350100M000100Y43';
export const EXAMPLE_ORG_CODE = 'M000100Y4';

const byName: Record<string, unknown> = {
  id: '3f1c9a52-7d4e-4b8a-9c61-2e5f0a7b8d14',
  receiptId: '8b2e4f6a-1c3d-4e5f-9a7b-0c1d2e3f4a5b',
  enterpriseId: '3f1c9a52-7d4e-4b8a-9c61-2e5f0a7b8d14',
  listingId: '5d7e9f1a-3b5c-4d6e-8f0a-1b2c3d4e5f6a',
  recordId: '6e8f0a2b-4c6d-4e7f-9a1b-2c3d4e5f6a7b',
  requestId: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
  traceId: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
  uscc: EXAMPLE_USCC,
  orgCode: EXAMPLE_ORG_CODE,
  name: '福州闽江建材有限公司',
  enterpriseName: '福州闽江建材有限公司',
  formerName: '福州闽江建材厂',
  displayName: '陈晓燕',
  username: 'registrar',
  agencyName: '福建省公共资源交易中心',
  decidingAuthority: '福建省市场监督管理局',
  authority: '福建省市场监督管理局',
  regionCode: '350102',
  industryCode: 'C3021',
  purpose: 'government_procurement',
  grade: 'A',
  verdict: 'restricted',
  decisionNumber: '闽市监信〔2026〕12号',
  legalBasis: '《产品质量法》第四十九条',
  reason: '产品质量监督抽查连续两次不合格',
  measureCode: 'GP-R-LISTED',
  categoryCode: 'sampling_failed',
  modelVersion: 'v1',
  asOf: '2026-03-01',
  date: '2026-03-01',
  occurredOn: '2026-01-15',
  startDate: '2026-02-01',
  plannedEndDate: '2029-01-31',
  validFrom: '2026-02-01',
  publishUntil: '2029-01-15',
  from: '2026-01-01',
  to: '2026-03-31',
  nextCursor: 'eyJrIjoiMjAyNi0wMy0wMSJ9.c2ln',
  key: 'qcr_AB12CD34_0123456789abcdefghijklmnopqrstuv',
  keyPrefix: 'qcr_AB12CD34',
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWdpc3RyYXIifQ.c2lnbmF0dXJl',
  tokenType: 'Bearer',
  etag: 'W/"3"',
};

/** An example for a property of this schema, when the name says what it holds and the type agrees. */
export function exampleFor(property: string, schema: Record<string, unknown>): unknown {
  const value = byName[property];
  if (value === undefined) return undefined;
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed && !allowed.includes(value)) return undefined;
  return typeof value === schema.type ? value : undefined;
}
