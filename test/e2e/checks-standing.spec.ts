import { addDays, todayInChina } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { giveGrade, listEnterprise, partnerReady, registerEnterprise, type TestEnterprise, unregisteredUscc } from './checks.fixtures.js';
import { defined, type Ok, type Reply } from './typed-http.js';

const GP = 'government_procurement';

/**
 * Issue 17: answers separate what differs — excluded (listing in force) / caution (grade C, D) /
 * priority (AA+) — and flag 注销 / 吊销 registrations in every answer (single, batch, CSV).
 */
describe('check answers: standing and registration status', () => {
  let t: TestApp;
  let db: DataSource;
  const today = todayInChina();
  let listed: TestEnterprise, c: TestEnterprise, d: TestEnterprise, aa: TestEnterprise, a: TestEnterprise, dereg: TestEnterprise, revoked: TestEnterprise;

  /** 注销 / 吊销 through the registrar's write path, as in production. */
  async function setStatus(e: TestEnterprise, status: 'deregistered' | 'revoked') {
    const registrar = await t.as('registrar');
    const got = await registrar.get(`/api/v1/enterprises/${e.uscc}`);
    const res: Reply<Ok<'/api/v1/enterprises/{code}/status', 'post'>> = await registrar
      .post(`/api/v1/enterprises/${e.uscc}/status`)
      .set('If-Match', defined(got.headers.etag, 'the ETag'))
      .send({ status, reason: '市场监管部门登记' });
    if (res.status !== 200) throw new Error(`status ${status}: ${res.status} ${res.text}`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    await partnerReady(t);
    const register = () => registerEnterprise(t);
    [listed, c, d, aa, a, dereg, revoked] = await Promise.all([register(), register(), register(), register(), register(), register(), register()]);
    await giveGrade(db, listed, 'AAA', '2020-01-01');
    await listEnterprise(db, listed, addDays(today, -30), addDays(today, 1000));
    await giveGrade(db, c, 'C', '2020-01-01');
    await giveGrade(db, d, 'D', '2020-01-01');
    await giveGrade(db, aa, 'AA', '2020-01-01');
    await giveGrade(db, a, 'A', '2020-01-01');
    await giveGrade(db, dereg, 'A', '2020-01-01');
    await setStatus(dereg, 'deregistered');
    await setStatus(revoked, 'revoked');
  });
  afterAll(() => t.close());

  const check = async (code: string, purpose = GP): Promise<Reply<Ok<'/api/v1/checks/{code}'>>> =>
    t
      .partner()
      .get(`/api/v1/checks/${encodeURIComponent(code)}`)
      .query({ purpose });

  it.each([
    ['listed (AAA grade)', 'restricted', 'excluded', () => listed],
    ['grade C', 'restricted', 'caution', () => c],
    ['grade D without listing', 'restricted', 'caution', () => d],
    ['grade AA', 'priority', 'priority', () => aa],
    ['grade A', 'clear', 'ordinary', () => a],
  ])('single check: %s → verdict %s, standing %s', async (_n, verdict, standing, who) => {
    const res = await check(who().uscc);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict, standing, registrationStatus: 'active', statusWarning: null });
  });

  it('single check: an unknown code is not_registered with no status', async () => {
    const res = await check(unregisteredUscc());
    expect(res.body).toMatchObject({ verdict: 'not_registered', standing: 'not_registered', registrationStatus: null, statusWarning: null });
  });

  it.each([
    ['注销', () => dereg, 'deregistered'],
    ['吊销', () => revoked, 'revoked'],
  ])('single check: %s is flagged, never a silent clear', async (_n, who, status) => {
    const res = await check(who().orgCode);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ registrationStatus: status, statusWarning: status });
    expect(res.body.enterprise?.status).toBe(status);
  });

  it('batch: standing and status per item, counted in standings', async () => {
    const codes = [listed.uscc, c.uscc, aa.uscc, a.uscc, dereg.uscc, revoked.uscc, unregisteredUscc(), 'BAD'];
    const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t.partner().post('/api/v1/checks/batch').send({ purpose: GP, codes });
    expect(res.status).toBe(200);
    const r = res.body.results;
    expect(r.map((x: { standing?: string }) => x.standing)).toEqual([
      'excluded',
      'caution',
      'priority',
      'ordinary',
      'ordinary',
      'ordinary',
      'not_registered',
      undefined,
    ]);
    expect(r.map((x: { statusWarning?: string | null }) => x.statusWarning)).toEqual([null, null, null, null, 'deregistered', 'revoked', null, undefined]);
    expect(res.body.standings).toEqual({ excluded: 1, caution: 1, priority: 1, ordinary: 3, not_registered: 1, statusWarnings: 2 });
    // existing fields unchanged (additive contract)
    expect(res.body.summary).toEqual({ restricted: 2, priority: 1, clear: 3, not_registered: 1, invalid: 1 });
  });

  it('batch CSV: standing and status columns appended after the existing ones', async () => {
    const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
      .partner()
      .post('/api/v1/checks/batch')
      .set('Accept', 'text/csv')
      .send({ purpose: GP, codes: [listed.uscc, c.uscc, revoked.uscc] });
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'row,code,verdict,error,duplicate_of_row,name,uscc,org_code,grade,listings,measures,legal_basis,receipt_id,purpose,as_of,checked_at,standing,registration_status,status_warning',
    );
    expect(lines[1]).toMatch(/,excluded,active,$/);
    expect(lines[2]).toMatch(/,caution,active,$/);
    expect(lines[3]).toMatch(/,ordinary,revoked,revoked$/);
  });

  it('lists the purposes the caller may use: a partner its agency’s, staff all nine', async () => {
    const partner: Reply<Ok<'/api/v1/checks/purposes'>> = await t.partner().get('/api/v1/checks/purposes');
    expect(partner.status).toBe(200);
    expect(partner.body.purposes).toEqual(['government_procurement', 'public_bidding', 'honours', 'subsidies']);
    const staff: Reply<Ok<'/api/v1/checks/purposes'>> = await (await t.as('officer')).get('/api/v1/checks/purposes');
    expect(staff.body.purposes).toHaveLength(9);
    const wrongKey = await t.http().get('/api/v1/checks/purposes').set('X-API-Key', 'qcr_wrong');
    expect(wrongKey.status).toBe(401);
  });
});
