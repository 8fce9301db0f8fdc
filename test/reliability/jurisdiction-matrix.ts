import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import { randomUscc } from '#qcr/identifiers';

/**
 * The jurisdiction dimension of the access matrix (issue 24, DOMAIN.md §7): every write route of the API is either
 * a write on an enterprise — then a staff user may make it only for enterprises within the region of the authority
 * they act for — or it is not about one enterprise, and the table says why. jurisdiction-matrix.spec.ts calls each
 * enterprise write as a Xiamen user holding every business role, once for a Xiamen enterprise (inside) and once for
 * a Fuzhou one (outside): outside must be refused naming the jurisdiction rule, inside must not.
 */
export interface Targets {
  /** a registered enterprise of the region */
  enterprise: { code: string; id: string };
  /** a fresh USCC of the region, not registered yet */
  newCode: () => string;
  division: string;
  recordId: string;
  objectionId: string;
  overrideId: string;
  listingId: string;
}

type Call = (a: TestAgent, x: Targets) => Promise<Response>;
const csv = (a: TestAgent, path: string, body: string) => a.post(path).set('Content-Type', 'text/csv').send(body);
const reason = { reason: '辖区矩阵' };
const stale = '"0"'; // an If-Match no record has: the jurisdiction check comes first, a stale version answers inside

// prettier-ignore
export const JURISDICTION_MATRIX: Record<string, Call> = {
  'POST /api/v1/enterprises': (a, x) => a.post('/api/v1/enterprises').send({ code: x.newCode(), name: `辖区矩阵企业${x.newCode().slice(-6)}`, regionCode: x.division, industryCode: 'C' }),
  'PATCH /api/v1/enterprises/{code}': (a, x) => a.patch(`/api/v1/enterprises/${x.enterprise.code}`).set('If-Match', stale).send({ address: '辖区', ...reason }),
  'POST /api/v1/enterprises/{code}/rename': (a, x) => a.post(`/api/v1/enterprises/${x.enterprise.code}/rename`).set('If-Match', stale).send({ name: '辖区矩阵更名有限公司', ...reason }),
  'POST /api/v1/enterprises/{code}/status': (a, x) => a.post(`/api/v1/enterprises/${x.enterprise.code}/status`).set('If-Match', stale).send({ status: 'revoked', ...reason }),
  'POST /api/v1/enterprises/import': (a, x) => csv(a, '/api/v1/enterprises/import', `uscc,name,region_code,industry_code\n${x.newCode()},辖区导入企业,${x.division},C\n`),
  'POST /api/v1/enterprises/imports': (a, x) => csv(a, '/api/v1/enterprises/imports', `uscc,name,region_code,industry_code\n${x.newCode()},辖区导入企业,${x.division},C\n`),
  'POST /api/v1/enterprises/{code}/officers': (a, x) => a.post(`/api/v1/enterprises/${x.enterprise.code}/officers`)
    .send({ idType: 'passport', idNumber: 'E12345678', role: 'director', name: '辖区董事', from: '2024-01-01', ...reason }),
  'POST /api/v1/enterprises/{code}/officers/{roleId}/end': (a, x) =>
    a.post(`/api/v1/enterprises/${x.enterprise.code}/officers/00000000-0000-4000-8000-00000000acce/end`).send({ on: '2025-01-01', ...reason }),
  'POST /api/v1/enterprises/{code}/credit-records': (a, x) => a.post(`/api/v1/enterprises/${x.enterprise.code}/credit-records`).send(creditRecord()),
  'POST /api/v1/credit-records/import': (a, x) => csv(a, '/api/v1/credit-records/import',
    `enterprise_code,category_code,occurred_on,document_number,issuing_department,legal_basis\n${x.enterprise.code},chief_quality_officer,2026-01-02,JM-${Math.random()},厦门市市场监督管理局,质量发展纲要\n`),
  'POST /api/v1/credit-records/{id}/repair': (a, x) => a.post(`/api/v1/credit-records/${x.recordId}/repair`).send(reason),
  'POST /api/v1/credit-records/{id}/revoke': (a, x) => a.post(`/api/v1/credit-records/${x.recordId}/revoke`).send(reason),
  'POST /api/v1/credit-records/{id}/revoke/reject': (a, x) => a.post(`/api/v1/credit-records/${x.recordId}/revoke/reject`).send(reason),
  'POST /api/v1/credit-records/{id}/revoke/approve': (a, x) => a.post(`/api/v1/credit-records/${x.recordId}/revoke/approve`).send({}),
  'POST /api/v1/credit-records/{id}/objections': (a, x) => a.post(`/api/v1/credit-records/${x.recordId}/objections`).send(reason),
  'POST /api/v1/credit-objections/{id}/resolve': (a, x) => a.post(`/api/v1/credit-objections/${x.objectionId}/resolve`).send({ decision: 'rejected', ...reason }),
  'POST /api/v1/enterprises/{code}/grade-overrides': (a, x) => a.post(`/api/v1/enterprises/${x.enterprise.code}/grade-overrides`).send({ grade: 'B', ...reason }),
  'POST /api/v1/grade-overrides/{id}/review': (a, x) => a.post(`/api/v1/grade-overrides/${x.overrideId}/review`).send({ decision: 'reject', ...reason }),
  'POST /api/v1/grading/history-imports': (a, x) => csv(a, '/api/v1/grading/history-imports', `enterprise_code,grade,valid_from,valid_to,authority\n${x.enterprise.code},A,2019-01-01,2019-12-31,福建省市场监督管理局\n`),
  'POST /api/v1/listings': (a, x) => a.post('/api/v1/listings').send(listingBody(x.enterprise.code)),
  'POST /api/v1/listings/{id}/notify': (a, x) => a.post(`/api/v1/listings/${x.listingId}/notify`).send({}),
  'POST /api/v1/listings/{id}/statements': (a, x) => a.post(`/api/v1/listings/${x.listingId}/statements`).send({ kind: 'statement', summary: '陈述' }),
  'POST /api/v1/listings/{id}/decide': (a, x) => a.post(`/api/v1/listings/${x.listingId}/decide`).send({ decisionNumber: '矩阵列〔2026〕1号', decidingAuthority: '厦门市市场监督管理局' }),
  'POST /api/v1/listings/{id}/consent': (a, x) => a.post(`/api/v1/listings/${x.listingId}/consent`).send({}),
  'POST /api/v1/listings/{id}/consent/refuse': (a, x) => a.post(`/api/v1/listings/${x.listingId}/consent/refuse`).send(reason),
  'POST /api/v1/listings/{id}/drop': (a, x) => a.post(`/api/v1/listings/${x.listingId}/drop`).send(reason),
  'POST /api/v1/listings/{id}/revoke': (a, x) => a.post(`/api/v1/listings/${x.listingId}/revoke`).send(reason),
  'POST /api/v1/listings/{id}/revoke/reject': (a, x) => a.post(`/api/v1/listings/${x.listingId}/revoke/reject`).send(reason),
  'POST /api/v1/listings/{id}/revoke/approve': (a, x) => a.post(`/api/v1/listings/${x.listingId}/revoke/approve`).send({}),
  'POST /api/v1/listings/{id}/repair-applications': (a, x) => a.post(`/api/v1/listings/${x.listingId}/repair-applications`).send({
    penaltiesFulfilled: true, harmRemedied: true, pledgeFiled: true, statement: '修复',
  }),
  'POST /api/v1/listings/{id}/repair-applications/{applicationId}/decide': (a, x) =>
    a.post(`/api/v1/listings/${x.listingId}/repair-applications/00000000-0000-4000-8000-00000000acce/decide`).send({ approve: false, refusalReason: '不符' }),
};

/** Write routes that are not a write on one enterprise, and why jurisdiction does not apply to them. */
export const NOT_ENTERPRISE_SCOPED: Record<string, string> = {
  'POST /api/v1/auth/login': 'signs in',
  'POST /api/v1/auth/logout': "ends the caller's own session",
  'POST /api/v1/admin/users': 'administration (users)',
  'PATCH /api/v1/admin/users/{userId}': 'administration (users)',
  'POST /api/v1/admin/agencies': 'administration (agencies)',
  'POST /api/v1/admin/agencies/{agencyId}/keys': 'administration (keys)',
  'DELETE /api/v1/admin/keys/{keyId}': 'administration (keys)',
  'POST /api/v1/admin/authorities': 'administration (authorities)',
  'PATCH /api/v1/admin/authorities/{authorityId}': 'administration (authorities)',
  'PATCH /api/v1/admin/authority-levels/{level}': 'administration (the consent setting)',
  'PUT /api/v1/admin/working-calendar/{day}': 'administration (the working-day calendar)',
  'DELETE /api/v1/admin/working-calendar/{day}': 'administration (the working-day calendar)',
  'POST /api/v1/persons/lookup': 'a read (by document number in the body), audited; staff may look anywhere',
  'POST /api/v1/grading/models/{version}/activate': 'national grading model',
  'PUT /api/v1/listing-types/{code}': 'national catalogue (list types)',
  'POST /api/v1/checks/persons': 'a check (a read), not a write on an enterprise',
  'POST /api/v1/checks/persons/batch': 'a check (a read), not a write on an enterprise',
  'PUT /api/v1/watchlists/{name}': "a partner agency's own watchlist",
  'DELETE /api/v1/watchlists/{name}': "a partner agency's own watchlist",
  'POST /api/v1/webhooks': "a partner agency's own webhook endpoint",
  'POST /api/v1/webhooks/dead-letters/{deliveryId}/replay': 'administration (webhook deliveries)',
  'DELETE /api/v1/webhooks/{id}': "a partner agency's own webhook endpoint",
  'POST /api/v1/webhooks/{id}/rotate-secret': "a partner agency's own webhook endpoint",
  'POST /api/v1/webhooks/{id}/test': "a partner agency's own webhook endpoint",
  'POST /api/v1/extracts/run': 'administration (the national daily extract)',
  'POST /api/v1/credit-categories': 'national catalogue',
  'PUT /api/v1/credit-categories/{code}': 'national catalogue',
  'POST /api/v1/measures': 'national catalogue',
  'PATCH /api/v1/measures/{code}': 'national catalogue',
  'DELETE /api/v1/measures/{code}': 'national catalogue',
  'POST /api/v1/grading/models': 'national grading model',
  'POST /api/v1/grading/runs': 'regrade of the whole register with the national model (a computation, not a decision)',
  'POST /api/v1/grading/runs/{id}/resume': 'the same run',
  'POST /api/v1/inspection-plans': 'a draw over a population, not a write on an enterprise',
  'POST /api/v1/inspection-plans/{id}/publish': 'publishes that draw',
  'POST /api/v1/listings/expiry-run': 'records what the calendar already decided (期满移出), for every listing alike',
  'POST /api/v1/checks/batch': 'a check is a read',
  'POST /api/v1/checks/receipts/{receiptId}/feedback': "a department's report on its own action",
};

function creditRecord() {
  return {
    categoryCode: 'chief_quality_officer',
    occurredOn: '2026-01-02',
    documentNumber: `JM-${Math.random()}`,
    issuingDepartment: '厦门市市场监督管理局',
    legalBasis: '质量发展纲要',
  };
}

export function listingBody(enterprise: string) {
  return {
    enterprise,
    listType: 'quality_serious_dishonesty',
    reason: '较重行政处罚',
    legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
    penaltyDocumentNumber: `矩阵罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    penaltyDecidedOn: '2026-01-05',
    penaltyAuthority: '厦门市市场监督管理局',
  };
}

export const newCodeIn = (division: string) => () => randomUscc(Math.random, { division });
