import { expect } from '@jest/globals';
import { ContractCheck, loadCommittedDocument, type OpenApiDocument } from '../helpers/contract.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import type { Ok, Reply } from './typed-http.js';

/**
 * The central response check (test/helpers/contract.ts, installed by createTestApp) catches drift
 * between what a controller answers and what openapi.json promises (issue 19). Shown here with a
 * document that has lost a field the check controller really returns.
 */
function withoutCheckStanding(): OpenApiDocument {
  const doc = loadCommittedDocument();
  const result = doc.components.schemas.CheckResult as { properties: Record<string, unknown>; required: string[] };
  delete result.properties.standing;
  result.required = result.required.filter((name) => name !== 'standing');
  return doc;
}

describe('every e2e response is checked against openapi.json', () => {
  let t: TestApp;
  let drifted: TestApp;
  let enterprise: TestEnterprise;
  beforeAll(async () => {
    t = await createTestApp();
    drifted = await createTestApp({}, undefined, { contract: withoutCheckStanding() });
    await partnerReady(t);
    enterprise = await registerEnterprise(t);
  });
  afterAll(async () => {
    // the drift below is the point of this suite; the other app must close clean
    drifted.contract.violations.length = 0;
    await drifted.close();
    await t.close();
  });

  it('keeps the contract on the real document', async () => {
    const res: Reply<Ok<'/api/v1/checks/{code}'>> = await t.partner().get(`/api/v1/checks/${enterprise.uscc}`).query({ purpose: 'government_procurement' });
    expect(res.status).toBe(200);
    expect(t.contract.violations).toEqual([]);
  });

  it('fails when a controller returns a field the document lacks', async () => {
    await partnerReady(drifted);
    const res: Reply<Ok<'/api/v1/checks/{code}'>> = await drifted
      .partner()
      .get(`/api/v1/checks/${enterprise.uscc}`)
      .query({ purpose: 'government_procurement' });
    expect(res.status).toBe(200);
    expect(res.body.standing).toBeDefined();
    expect(drifted.contract.violations).toContainEqual(expect.stringMatching(/GET \/api\/v1\/checks\/\{code\} → 200: .*additional properties "standing"/));
  });

  it('fails an undocumented status, media type or problem body', () => {
    const check = new ContractCheck();
    const route = '/api/v1/checks/receipts/:receiptId';
    expect(check.check({ method: 'GET', route, status: 418, contentType: 'application/problem+json', body: '{}' })).toEqual([
      'GET /api/v1/checks/receipts/{receiptId} → 418: status not documented',
    ]);
    expect(check.check({ method: 'GET', route, status: 200, contentType: 'text/html', body: '<p>' })[0]).toMatch(/media type text\/html not documented/);
    expect(check.check({ method: 'GET', route, status: 404, contentType: 'application/problem+json', body: '{"title":"x"}' })[0]).toMatch(
      /must have required property/,
    );
  });
});
