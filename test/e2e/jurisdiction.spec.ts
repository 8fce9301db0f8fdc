import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseIn, expectJurisdictionRefusal, FUZHOU_GULOU, listingProposal, XIAMEN_SIMING } from './jurisdiction.fixtures.js';
import { uniqueHan } from './enterprises.fixtures.js';
import { randomUscc } from '#qcr/identifiers';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

describe('jurisdiction: staff act for an authority, write within its region, read nationwide (issue 24)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a Xiamen officer cannot propose a listing for a Fuzhou enterprise; a Fujian officer can', async () => {
    const fuzhou = await enterpriseIn(t, FUZHOU_GULOU);
    const refused: Reply<Problem> = await (await t.asUser('xm.officer')).post('/api/v1/listings').send(listingProposal(fuzhou.code));
    expectJurisdictionRefusal(refused);
    expect(refused.body.detail).toContain('厦门市市场监督管理局');
    expect(body<Ok<'/api/v1/listings'>>(await (await t.as('officer')).get(`/api/v1/listings?enterprise=${fuzhou.code}`)).items).toEqual([]);

    const accepted = await (await t.asUser('fj.officer')).post('/api/v1/listings').send(listingProposal(fuzhou.code));
    expect(accepted.status).toBe(201);
  });

  it('a county officer writes only in its county; reads stay nationwide', async () => {
    const siming = await enterpriseIn(t, XIAMEN_SIMING);
    const fuzhou = await enterpriseIn(t, FUZHOU_GULOU);
    const sm = await t.asUser('sm.officer');
    expect((await sm.post('/api/v1/listings').send(listingProposal(siming.code))).status).toBe(201);
    expectJurisdictionRefusal(await sm.post('/api/v1/listings').send(listingProposal(fuzhou.code)));
    expect((await sm.get(`/api/v1/enterprises/${fuzhou.code}`)).status).toBe(200);
    expect((await sm.get(`/api/v1/enterprises/${fuzhou.code}/credit-records`)).status).toBe(200);
  });

  it("listing queues filter by the enterprise's region (the console sends the user's prefix)", async () => {
    const siming = await enterpriseIn(t, XIAMEN_SIMING);
    const id = body<Ok<'/api/v1/listings', 'post'>>(await (await t.asUser('xm.officer')).post('/api/v1/listings').send(listingProposal(siming.code))).id;
    const officer = await t.asUser('xm.officer');
    const ids = async (regionPrefix: string) =>
      body<Ok<'/api/v1/listings'>>(await officer.get('/api/v1/listings').query({ queue: 'awaiting_notice', regionPrefix, limit: 200 })).items.map((l) => l.id);
    expect(await ids('3502')).toContain(id);
    expect(await ids('350203')).toContain(id);
    expect(await ids('3501')).not.toContain(id);
    const bad: Reply<Problem> = await officer.get('/api/v1/listings').query({ regionPrefix: '350' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('regionPrefix');
  });

  it('a Xiamen registrar registers Xiamen enterprises only, and cannot move one out of Xiamen', async () => {
    const xm = await t.asUser('xm.registrar');
    const registration = (division: string) => ({
      code: randomUscc(Math.random, { division }),
      name: `辖区登记${uniqueHan()}有限公司`,
      regionCode: division,
      industryCode: 'C',
    });
    expectJurisdictionRefusal(await xm.post('/api/v1/enterprises').send(registration(FUZHOU_GULOU)));
    const created: Reply<Ok<'/api/v1/enterprises', 'post'>> = await xm.post('/api/v1/enterprises').send(registration(XIAMEN_SIMING));
    expect(created.status).toBe(201);
    const moved = await xm
      .patch(`/api/v1/enterprises/${created.body.uscc}`)
      .set('If-Match', defined(created.headers.etag, 'the ETag'))
      .send({ regionCode: FUZHOU_GULOU, reason: '迁址' });
    expectJurisdictionRefusal(moved);
    const fuzhou = await enterpriseIn(t, FUZHOU_GULOU);
    const fz = await (await t.as('registrar')).get(`/api/v1/enterprises/${fuzhou.code}`);
    expectJurisdictionRefusal(
      await xm.patch(`/api/v1/enterprises/${fuzhou.code}`).set('If-Match', defined(fz.headers.etag, 'the ETag')).send({ address: '福州', reason: '更正' }),
    );
  });
});
