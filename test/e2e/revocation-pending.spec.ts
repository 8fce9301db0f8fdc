import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listed, registerEnterprise } from './blacklist-helpers.js';
import { addRecord, monthsAgo, newEnterprise } from './credit-grading-helpers.js';
import { body, type Ok, type Reply } from './typed-http.js';

/**
 * Issue 16: a revocation proposed by one reviewer is found by the second one in the console — the
 * credit record carries its open proposal (`revocationPending`, with the proposer's name) and
 * listings with one form the `revocation_pending` queue — until it is approved.
 */
describe('revocation proposals awaiting the second reviewer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a credit record shows its open revocation proposal until the second reviewer approves it', async () => {
    const e = await newEnterprise(t);
    const recordId = await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const reviewer = await t.as('reviewer');
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await reviewer.get(`/api/v1/credit-records/${recordId}`)).revocationPending).toBeNull();
    expect((await reviewer.post(`/api/v1/credit-records/${recordId}/revoke`).send({ reason: '文书号录错，应撤销' })).status).toBe(202);
    const rec = body<Ok<'/api/v1/credit-records/{id}'>>(await reviewer.get(`/api/v1/credit-records/${recordId}`));
    expect(rec.revocationPending).toMatchObject({ reason: '文书号录错，应撤销', proposedByName: expect.any(String) });
    expect(rec.revocationPending?.proposedByName).not.toMatch(/^[0-9a-f]{8}-/);
    const onPage = body<Ok<'/api/v1/enterprises/{code}/credit-records'>>(await reviewer.get(`/api/v1/enterprises/${e.code}/credit-records`)).items;
    expect(onPage.find((r) => r.id === recordId)?.revocationPending?.reason).toBe('文书号录错，应撤销');
    const approved: Reply<Ok<'/api/v1/credit-records/{id}/revoke/approve', 'post'>> = await (
      await t.asUser('reviewer2')
    )
      .post(`/api/v1/credit-records/${recordId}/revoke/approve`)
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'revoked', revocationPending: null });
  });

  it('listings with an open revocation proposal form the revocation_pending queue', async () => {
    const ent = await registerEnterprise(t);
    const id = await listed(t, ent.code);
    const reviewer = await t.as('reviewer');
    const queue = async () => body<Ok<'/api/v1/listings'>>(await reviewer.get('/api/v1/listings?queue=revocation_pending&limit=200')).items.map((l) => l.id);
    expect(await queue()).not.toContain(id);
    expect((await reviewer.post(`/api/v1/listings/${id}/revoke`).send({ reason: '处罚决定已被撤销' })).status).toBe(202);
    expect(await queue()).toContain(id);
    expect((await (await t.asUser('reviewer2')).post(`/api/v1/listings/${id}/revoke/approve`).send({})).status).toBe(200);
    expect(await queue()).not.toContain(id);
  });
});
