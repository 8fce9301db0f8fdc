import { randomUscc } from '#qcr/identifiers';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise } from './checks.fixtures.js';
import { body, type Ok, type Reply, type Problem } from './typed-http.js';

const listName = () => `wl-${Math.random().toString(36).slice(2, 10)}`;

// Watchlists (issue 20): an agency's codes of interest, replaced by PUT and answered with the difference.
describe('watchlists (PUT/GET/DELETE /api/v1/watchlists/{name})', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
  });
  afterAll(() => t.close());

  it('replaces a list from JSON, answers the difference and counts unknown and invalid codes', async () => {
    const known = await registerEnterprise(t);
    const unknown = randomUscc();
    const name = listName();
    const first: Reply<Ok<'/api/v1/watchlists/{name}', 'put'>> = await t
      .partner()
      .put(`/api/v1/watchlists/${name}`)
      .send({ purpose: 'government_procurement', codes: [known.uscc, unknown, '91350200MA0000000Z', known.uscc] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      created: true,
      added: 2,
      removed: 0,
      watchlist: { name, purpose: 'government_procurement', codes: 2, unknown: 1, invalid: 1 },
    });
    expect(first.body.watchlist.invalidCodes).toEqual([{ code: '91350200MA0000000Z', rule: expect.any(String) }]);

    const second: Reply<Ok<'/api/v1/watchlists/{name}', 'put'>> = await t
      .partner()
      .put(`/api/v1/watchlists/${name}`)
      .send({ purpose: 'government_procurement', codes: [known.orgCode.toLowerCase(), randomUscc()] });
    expect(second.body).toMatchObject({ created: false, added: 2, removed: 2, watchlist: { codes: 2, unknown: 1, invalid: 0, version: 2 } });

    const got: Reply<Ok<'/api/v1/watchlists/{name}'>> = await t.partner().get(`/api/v1/watchlists/${name}`);
    expect(got.body).toMatchObject({ name, codes: 2, unknown: 1, invalid: 0 });
    expect(body<Ok<'/api/v1/watchlists'>>(await t.partner().get('/api/v1/watchlists')).map((w: { name: string }) => w.name)).toContain(name);
  });

  it('reads a CSV upload like the batch check does', async () => {
    const e = await registerEnterprise(t);
    const csv = Buffer.from(`序号,企业名称,统一社会信用代码\n1,${e.name},${e.uscc}\n2,某公司,${randomUscc()}\n`);
    const res: Reply<Ok<'/api/v1/watchlists/{name}', 'put'>> = await t
      .partner()
      .put(`/api/v1/watchlists/${listName()}`)
      .field('purpose', 'honours')
      .attach('file', csv, 'list.csv');
    expect(res.status).toBe(200);
    expect(res.body.watchlist).toMatchObject({ purpose: 'honours', codes: 2, unknown: 1 });
  });

  it('refuses 100,001 codes with 413 problem+json and writes nothing', async () => {
    const name = listName();
    const codes = Array.from({ length: 100_001 }, () => randomUscc().slice(8, 17));
    const json: Reply<Problem> = await t.partner().put(`/api/v1/watchlists/${name}`).send({ purpose: 'government_procurement', codes });
    expect([json.status, json.body.code, json.headers['content-type']]).toEqual([
      413,
      'WATCHLISTS.TOO_LARGE',
      expect.stringContaining('application/problem+json'),
    ]);
    const csv = Buffer.from(`code\n${codes.join('\n')}\n`);
    const file: Reply<Problem> = await t.partner().put(`/api/v1/watchlists/${name}`).field('purpose', 'government_procurement').attach('file', csv, 'big.csv');
    expect([file.status, file.body.code]).toEqual([413, 'WATCHLISTS.TOO_LARGE']);
    expect((await t.partner().get(`/api/v1/watchlists/${name}`)).status).toBe(404);
  });

  it('refuses a purpose outside the agency, bad names and fields, naming them; staff must name the agency', async () => {
    const wrong: Reply<Problem> = await t
      .partner()
      .put(`/api/v1/watchlists/${listName()}`)
      .send({ purpose: 'financing', codes: [randomUscc()] });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'AUTH.PURPOSE_NOT_ALLOWED']);
    const badName: Reply<Problem> = await t
      .partner()
      .put('/api/v1/watchlists/bad%20name')
      .send({ purpose: 'honours', codes: [randomUscc()] });
    expect([badName.status, badName.body.errors?.[0]?.field]).toEqual([400, 'name']);
    const noCodes: Reply<Problem> = await t.partner().put(`/api/v1/watchlists/${listName()}`).send({ purpose: 'honours', codes: [] });
    expect([noCodes.status, noCodes.body.errors?.[0]?.field]).toEqual([400, 'codes']);
    const staff: Reply<Problem> = await (await t.as('admin')).get('/api/v1/watchlists');
    expect([staff.status, staff.body.code]).toEqual([400, 'WATCHLISTS.AGENCY_REQUIRED']);
    const noAgency: Reply<Problem> = await (
      await t.as('admin')
    )
      .put(`/api/v1/watchlists/${listName()}?agency=00000000-0000-4000-8000-000000000000`)
      .send({ purpose: 'honours', codes: [randomUscc()] });
    expect([noAgency.status, noAgency.body.errors?.[0]?.field]).toEqual([404, 'agency']);
  });

  it('deletes a list (audited)', async () => {
    const name = listName();
    await t
      .partner()
      .put(`/api/v1/watchlists/${name}`)
      .send({ purpose: 'honours', codes: [randomUscc()] });
    expect((await t.partner().delete(`/api/v1/watchlists/${name}`)).status).toBe(204);
    expect((await t.partner().get(`/api/v1/watchlists/${name}`)).status).toBe(404);
  });
});
