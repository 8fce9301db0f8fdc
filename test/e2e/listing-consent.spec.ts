import { todayInChina } from '#qcr/platform';
import type TestAgent from 'supertest/lib/agent.js';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseIn, proposedAndWaived, XIAMEN_SIMING } from './jurisdiction.fixtures.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 24: the decision is the acting authority's; 报经上一级同意 where the level's setting asks; 谁列入、谁移出. */
describe('listing decisions carry their authority; upper-level consent; who listed removes', () => {
  let t: TestApp;
  let admin: TestAgent;
  const decision = () => ({ decisionNumber: `厦市监列〔2026〕${Math.floor(Math.random() * 1e9)}号` });
  const setPrefectureConsent = async (on: boolean) =>
    body<Ok<'/api/v1/admin/authority-levels/{level}', 'patch'>>(
      await admin.patch('/api/v1/admin/authority-levels/prefecture').send({ upperConsentRequired: on, reason: 'issue 24 test' }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin');
  });
  afterAll(async () => {
    await setPrefectureConsent(true);
    await t.close();
  });

  async function decidedByXiamen(): Promise<{ id: string; code: string; decided: Ok<'/api/v1/listings/{id}/decide', 'post'> }> {
    const e = await enterpriseIn(t, XIAMEN_SIMING);
    const id = await proposedAndWaived(await t.asUser('xm.officer'), e.code);
    const res: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await (await t.asUser('xm.reviewer')).post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(res.status).toBe(200);
    return { id, code: e.code, decided: res.body };
  }

  it("a decision's authority is the user's, not the body's", async () => {
    const e = await enterpriseIn(t, XIAMEN_SIMING);
    const id = await proposedAndWaived(await t.asUser('xm.officer'), e.code);
    const reviewer = await t.asUser('xm.reviewer');
    const claimed: Reply<Problem> = await reviewer.post(`/api/v1/listings/${id}/decide`).send({ ...decision(), decidingAuthority: '福州市市场监督管理局' });
    expect(claimed.status).toBe(400);
    expect(claimed.body.errors).toEqual([expect.objectContaining({ field: 'decidingAuthority', rule: 'own-authority' })]);
    const named: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await reviewer
      .post(`/api/v1/listings/${id}/decide`)
      .send({ ...decision(), decidingAuthority: '厦门市市场监督管理局' });
    expect(named.status).toBe(200);
    expect(named.body.decision?.decidingAuthority).toBe('厦门市市场监督管理局');
  });

  it('with the setting on, a Xiamen decision waits for Fujian: not public, not restricting, until Fujian consents', async () => {
    expect(await setPrefectureConsent(true)).toMatchObject({ level: 'prefecture', upperConsentRequired: true });
    const { id, code, decided } = await decidedByXiamen();
    expect(decided).toMatchObject({ status: 'awaiting_consent', decision: { decidingAuthority: '厦门市市场监督管理局', startDate: null } });
    expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get('/api/v1/public/listings').query({ enterprise: code })).items).toEqual([]);
    expect(body<Ok<'/api/v1/checks/{code}'>>(await t.partner().get(`/api/v1/checks/${code}`).query({ purpose: 'government_procurement' })).verdict).not.toBe(
      'restricted',
    );

    // the queue of the upper level, and nobody else's
    expect(body<Ok<'/api/v1/listings/consent-queue'>>(await (await t.asUser('fj.reviewer')).get('/api/v1/listings/consent-queue')).map((l) => l.id)).toContain(
      id,
    );
    expect(
      body<Ok<'/api/v1/listings/consent-queue'>>(await (await t.asUser('fz.reviewer')).get('/api/v1/listings/consent-queue')).map((l) => l.id),
    ).not.toContain(id);
    // only the authority one level up consents; not the decider's own authority
    const own: Reply<Problem> = await (await t.asUser('xm.reviewer')).post(`/api/v1/listings/${id}/consent`).send({});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('BLACKLIST.NOT_UPPER_AUTHORITY');

    const consented: Reply<Ok<'/api/v1/listings/{id}/consent', 'post'>> = await (await t.asUser('fj.reviewer')).post(`/api/v1/listings/${id}/consent`).send({});
    expect(consented.status).toBe(200);
    expect(consented.body).toMatchObject({
      status: 'listed',
      decision: { startDate: todayInChina(), consent: { date: todayInChina(), byName: 'fj.reviewer' } },
    });
    const published = body<Ok<'/api/v1/public/listings'>>(await t.http().get('/api/v1/public/listings').query({ enterprise: code })).items;
    expect(published).toEqual([expect.objectContaining({ id, decidingAuthority: '厦门市市场监督管理局', consentDate: todayInChina() })]);
    expect(body<Ok<'/api/v1/checks/{code}'>>(await t.partner().get(`/api/v1/checks/${code}`).query({ purpose: 'government_procurement' })).verdict).toBe(
      'restricted',
    );
    const again = await (await t.asUser('fj.reviewer')).post(`/api/v1/listings/${id}/consent`).send({});
    expect(again.status).toBe(409);

    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get('/api/v1/audit').query({ entityId: id, action: 'listing.consent' });
    expect(audit.body.items).toHaveLength(1);
  });

  it('refused consent sends the case back to the deciding authority', async () => {
    await setPrefectureConsent(true);
    const { id } = await decidedByXiamen();
    const refused: Reply<Ok<'/api/v1/listings/{id}/consent/refuse', 'post'>> = await (
      await t.asUser('fj.reviewer')
    )
      .post(`/api/v1/listings/${id}/consent/refuse`)
      .send({ reason: '证据不足' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'notified', decision: null });
  });

  it('with the setting off, a Xiamen decision publishes directly', async () => {
    expect(await setPrefectureConsent(false)).toMatchObject({ upperConsentRequired: false });
    try {
      const { code, decided } = await decidedByXiamen();
      expect(decided).toMatchObject({ status: 'listed', decision: { decidingAuthority: '厦门市市场监督管理局', startDate: todayInChina(), consent: null } });
      expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get('/api/v1/public/listings').query({ enterprise: code })).items).toEqual([
        expect.objectContaining({ consentDate: null }),
      ]);
    } finally {
      await setPrefectureConsent(true);
    }
  });

  it('who listed, removes: a county bureau inside the region cannot revoke a Xiamen listing; the province can', async () => {
    await setPrefectureConsent(false);
    let id: string;
    try {
      ({ id } = await decidedByXiamen());
    } finally {
      await setPrefectureConsent(true);
    }
    const county: Reply<Problem> = await (await t.asUser('sm.reviewer')).post(`/api/v1/listings/${id}/revoke`).send({ reason: '处罚被撤销' });
    expect(county.status).toBe(403);
    expect(county.body).toMatchObject({ code: 'BLACKLIST.NOT_LISTING_AUTHORITY', rule: 'jurisdiction.who-listed-removes', decidingAuthority: 'fj-xm' });
    expect((await (await t.asUser('fj.reviewer')).post(`/api/v1/listings/${id}/revoke`).send({ reason: '处罚被撤销' })).status).toBe(202);
  });
});
