import { randomUscc } from '#qcr/identifiers';
import { addDays, queryOne, querySingle, todayInChina } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { backdate, db, listed } from './blacklist-helpers.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

/*
 * Issue 18: restrictions that follow the responsible person. The ID numbers below are valid GB 11643 numbers used by
 * this file only; the run's output is grepped for them (docs/enterprises.md § Persons): they must appear in no log
 * line. The test never prints them.
 */
const X = '350203198203157312'; // legal representative of P (listed), then also of Q
const Y = '350203197508224622'; // legal representative of P2, whose listing is revoked
const Z = '440305199006071186'; // never listed
const today = () => todayInChina();

describe('individual quality credit: restrictions follow the person (issue 18)', () => {
  let t: TestApp;
  let partnerKey: string;
  /** every response body the test saw: none may contain a number (asserted at the end) */
  const seen: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.as('admin');
    const agency: Reply<Ok<'/api/v1/admin/agencies', 'post'>> = await admin.post('/api/v1/admin/agencies').send({
      code: `lic-${Date.now()}`,
      name: '测试行政审批局',
      department: '行政审批局',
      purposes: ['office_holding', 'licensing', 'government_procurement'],
    });
    expect(agency.status).toBe(201);
    const key: Reply<Ok<'/api/v1/admin/agencies/{agencyId}/keys', 'post'>> = await admin
      .post(`/api/v1/admin/agencies/${agency.body.id}/keys`)
      .send({ label: 'persons', validDays: 30 });
    partnerKey = key.body.key;
  });
  afterAll(() => t?.close());

  const partner = () => ({
    post: async (url: string, body: object) => {
      const res = await t.http().post(url).set('X-API-Key', partnerKey).send(body);
      seen.push(res.text);
      return res;
    },
    get: async (url: string) => {
      const res = await t.http().get(url).set('X-API-Key', partnerKey);
      seen.push(res.text);
      return res;
    },
  });

  async function register(idNumber: string, name: string): Promise<{ code: string; id: string }> {
    const code = randomUscc();
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (await t.as('registrar')).post('/api/v1/enterprises').send({
      code,
      name: `${name}${code.slice(-6)}有限公司`,
      legalRepresentative: { name: '王某', idType: 'resident_id', idNumber },
      industryCode: 'C',
    });
    // Not added to `seen`: the registrar holds personal-data.read and is shown the record's number (issue 13), the one
    // place staff with the right may open it. Everything else (partners, the person page, problems) must not carry it.
    expect(res.status).toBe(201);
    return { code, id: res.body.id };
  }

  const checkPerson = async (idNumber: string, purpose = 'office_holding', asOf?: string): Promise<Reply<Ok<'/api/v1/checks/persons', 'post'>>> =>
    partner().post('/api/v1/checks/persons', { idType: 'resident_id', idNumber, purpose, ...(asOf ? { asOf } : {}) });

  let P: { code: string; id: string };
  let Q: { code: string; id: string };
  let listingP: string;

  it('a person restricted through P’s listing is restricted directly, and through Q (where they are legal representative) for office_holding', async () => {
    P = await register(X, '个人信用测试甲');
    listingP = await listed(t, P.code);
    Q = await register(X, '个人信用测试乙');

    const direct = await checkPerson(X);
    expect(direct.status).toBe(200);
    expect(direct.body).toMatchObject({ verdict: 'restricted', purpose: 'office_holding', documentType: 'resident_id', asOf: today() });
    expect(direct.body.listings).toHaveLength(1);
    expect(direct.body.listings[0]).toMatchObject({
      id: listingP,
      role: 'legal_representative',
      enterprise: { uscc: P.code },
      listType: 'quality_serious_dishonesty',
      startDate: today(),
    });
    expect(direct.body.listings[0]?.legalBasis).toEqual(expect.any(String));
    expect(direct.body.measures.map((m) => m.code)).toEqual(['OFF-R-LISTED']);
    expect(direct.body.receipt.receiptId).toEqual(expect.any(String));
    expect((await checkPerson(X, 'licensing')).body.verdict).toBe('restricted');

    // Q itself is not listed, but its current legal representative is
    const q: Reply<Ok<'/api/v1/checks/{code}'>> = await partner().get(`/api/v1/checks/${Q.code}?purpose=office_holding`);
    expect(q.status).toBe(200);
    expect(q.body.verdict).toBe('restricted');
    expect(q.body.listings).toEqual([]);
    expect(q.body.officerRestrictions).toMatchObject([{ role: 'legal_representative', listing: { id: listingP, enterprise: { uscc: P.code } } }]);
    const qLicensing: Reply<Ok<'/api/v1/checks/{code}'>> = await partner().get(`/api/v1/checks/${Q.code}?purpose=licensing`);
    expect(qLicensing.body.verdict).toBe('restricted');
    // the batch form says the same
    const qBatch: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await partner().post('/api/v1/checks/batch', { purpose: 'office_holding', codes: [Q.code] });
    expect(qBatch.body.results[0]).toMatchObject({ verdict: 'restricted', officerRestrictions: [{ listing: { id: listingP } }] });
  });

  it('does not restrict Q for government_procurement (the person’s restriction governs office and licences only)', async () => {
    const q: Reply<Ok<'/api/v1/checks/{code}'>> = await partner().get(`/api/v1/checks/${Q.code}?purpose=government_procurement`);
    expect(q.status).toBe(200);
    expect(q.body.verdict).not.toBe('restricted');
    expect(q.body).not.toHaveProperty('officerRestrictions');
  });

  it('answers a batch of persons in input order, naming the rule an invalid number broke', async () => {
    const res: Reply<Ok<'/api/v1/checks/persons/batch', 'post'>> = await partner().post('/api/v1/checks/persons/batch', {
      purpose: 'office_holding',
      persons: [
        { idType: 'resident_id', idNumber: X },
        { idType: 'resident_id', idNumber: `${X.slice(0, 17)}3` },
        { idType: 'resident_id', idNumber: Z },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ restricted: 1, clear: 1, invalid: 1 });
    expect(res.body.results.map((r: { verdict: string }) => r.verdict)).toEqual(['restricted', 'invalid', 'clear']);
    expect(res.body.results[1]?.error).toMatchObject({ field: 'persons[1].idNumber', rule: 'id_check' });
    expect(res.body.results[0]?.receiptId).toEqual(expect.any(String));
    const tooMany = await partner().post('/api/v1/checks/persons/batch', {
      purpose: 'office_holding',
      persons: Array(1001).fill({ idType: 'resident_id', idNumber: Z }),
    });
    expect(tooMany.status).toBe(400);
  });

  it.each([
    ['a wrong check character', `${X.slice(0, 17)}3`, 'id_check'],
    ['a wrong length', X.slice(0, 16), 'length'],
    ['an impossible date of birth', `${X.slice(0, 10)}1332${X.slice(14)}`, 'birth_date'],
  ])('refuses %s with 400 naming the rule', async (_label, idNumber, rule) => {
    const res = await checkPerson(idNumber);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'PERSON.INVALID_ID_NUMBER', rule, errors: [{ field: 'idNumber', rule }] });
    expect(res.text).not.toContain(idNumber);
  });

  it('refuses a wrong document type with 400, not a silent miss; and a partner without the purpose with 403', async () => {
    const res: Reply<Problem> = await partner().post('/api/v1/checks/persons', { idType: 'driving_licence', idNumber: X, purpose: 'office_holding' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ field: 'idType' });
    const wrongPurpose = await partner().post('/api/v1/checks/persons', { idType: 'resident_id', idNumber: X, purpose: 'government_procurement' });
    expect(wrongPurpose.status).toBe(400);
    const demo = await t.partner().post('/api/v1/checks/persons').send({ idType: 'resident_id', idNumber: X, purpose: 'office_holding' });
    expect(demo.status).toBe(403); // the demo agency holds government_procurement only
    seen.push(res.text, wrongPurpose.text, demo.text);
  });

  it('shows regulators the person’s roles and listings (audited), and nobody without person.read', async () => {
    const officer = await t.as('officer');
    const found: Reply<Ok<'/api/v1/persons/lookup', 'post'>> = await officer.post('/api/v1/persons/lookup').send({ idType: 'resident_id', idNumber: X });
    expect(found.status).toBe(200);
    const page: Reply<Ok<'/api/v1/persons/{personId}'>> = await (await t.as('auditor')).get(`/api/v1/persons/${found.body.id}`);
    seen.push(found.text, page.text);
    expect(page.status).toBe(200);
    expect(page.body.roles.map((r) => [r.enterprise.uscc, r.role, r.to]).sort()).toEqual(
      [
        [P.code, 'legal_representative', null],
        [Q.code, 'legal_representative', null],
      ].sort(),
    );
    expect(page.body.listings).toMatchObject([{ id: listingP, status: 'listed', inForceToday: true, enterprise: { uscc: P.code } }]);
    expect(page.body).not.toHaveProperty('idNumber');
    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?entityType=person&entityId=${found.body.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['person.looked-up', 'person.viewed']));
    expect((await (await t.as('grader')).get(`/api/v1/persons/${found.body.id}`)).status).toBe(403);
    expect((await t.partner().get(`/api/v1/persons/${found.body.id}`)).status).toBe(403);
    expect((await t.http().get(`/api/v1/persons/${found.body.id}`)).status).toBe(401);
  });

  it('a legal representative replaced by correction no longer restricts the enterprise from that day', async () => {
    const registrar = await t.as('registrar');
    const current = await registrar.get(`/api/v1/enterprises/${Q.code}`);
    const corrected = await registrar
      .patch(`/api/v1/enterprises/${Q.code}`)
      .set('If-Match', defined(current.headers.etag, 'the ETag'))
      .send({ legalRepresentative: { name: '赵某', idType: 'resident_id', idNumber: Z }, reason: '法定代表人变更登记' });
    expect(corrected.status).toBe(200);
    expect(body<Ok<'/api/v1/checks/{code}'>>(await partner().get(`/api/v1/checks/${Q.code}?purpose=office_holding`)).verdict).toBe('clear');
    expect(body<Ok<'/api/v1/checks/{code}'>>(await partner().get(`/api/v1/checks/${Q.code}?purpose=office_holding&asOf=${addDays(today(), -1)}`)).verdict).toBe(
      'clear',
    ); // role began today
    // and back: X is legal representative of Q again
    const again = await registrar.get(`/api/v1/enterprises/${Q.code}`);
    const back = await registrar
      .patch(`/api/v1/enterprises/${Q.code}`)
      .set('If-Match', defined(again.headers.etag, 'the ETag'))
      .send({ legalRepresentative: { name: '王某', idType: 'resident_id', idNumber: X }, reason: '更正：法定代表人未变更' });
    expect(back.status).toBe(200);
    expect(body<Ok<'/api/v1/checks/{code}'>>(await partner().get(`/api/v1/checks/${Q.code}?purpose=office_holding`)).verdict).toBe('restricted');
  });

  it('is lifted by P’s credit repair from the repair date', async () => {
    await backdate(t, listingP, 400);
    const officer = await t.as('officer');
    const applied: Reply<Ok<'/api/v1/listings/{id}/repair-applications', 'post'>> = await officer
      .post(`/api/v1/listings/${listingP}/repair-applications`)
      .send({ penaltiesFulfilled: true, harmRemedied: true, pledgeFiled: true, statement: '已缴清罚款并完成整改' });
    expect(applied.status).toBe(201);
    expect((await checkPerson(X)).body.verdict).toBe('restricted'); // until the repair is decided
    const decided = await (await t.as('reviewer')).post(`/api/v1/listings/${listingP}/repair-applications/${applied.body.id}/decide`).send({ approve: true });
    expect(decided.status).toBe(200);
    expect((await checkPerson(X)).body.verdict).toBe('clear');
    expect((await checkPerson(X, 'office_holding', addDays(today(), -1))).body.verdict).toBe('restricted');
    expect(body<Ok<'/api/v1/checks/{code}'>>(await partner().get(`/api/v1/checks/${Q.code}?purpose=office_holding`)).verdict).toBe('clear');
  });

  it('revocation answers clear from its date on, while the earlier receipt still shows restricted', async () => {
    const P2 = await register(Y, '个人信用测试丙');
    const listing = await listed(t, P2.code);
    await backdate(t, listing, 30);
    const before = await checkPerson(Y);
    expect(before.body.verdict).toBe('restricted');
    const reviewer = await t.as('reviewer');
    expect((await reviewer.post(`/api/v1/listings/${listing}/revoke`).send({ reason: '据以列入的处罚决定已被撤销' })).status).toBe(202);
    expect((await (await t.asUser('reviewer2')).post(`/api/v1/listings/${listing}/revoke/approve`)).status).toBe(200);

    expect((await checkPerson(Y)).body.verdict).toBe('clear');
    expect((await checkPerson(Y, 'office_holding', addDays(today(), -1))).body.verdict).toBe('restricted');
    const receipt: Reply<Ok<'/api/v1/checks/receipts/{receiptId}'>> = await partner().get(`/api/v1/checks/receipts/${before.body.receipt.receiptId}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ verdict: 'restricted', purpose: 'office_holding' });
  });

  it('the demo seed holds a person restricted through a listed enterprise and now legal representative of another', async () => {
    const demo = await queryOne<{ uscc: string; id: string }>(
      db(t),
      `SELECT e.uscc, e.id FROM enterprises.enterprises e WHERE e.name = '厦门鑫源线缆科技有限公司'`,
    );
    if (!demo) throw new Error('the demo seed registers 厦门鑫源线缆科技有限公司');
    const staff = await t.as('officer');
    const check: Reply<Ok<'/api/v1/checks/{code}'>> = await staff.get(`/api/v1/checks/${demo.uscc}?purpose=office_holding`);
    expect(check.body.verdict).toBe('restricted');
    expect(check.body.listings).toEqual([]);
    expect(check.body.officerRestrictions?.[0]?.listing.enterprise.name).toBe('厦门鑫达电线电缆有限公司');
    const roles: Reply<Ok<'/api/v1/enterprises/{code}/officers'>> = await staff.get(`/api/v1/enterprises/${demo.uscc}/officers`);
    expect(roles.body.roles).toMatchObject([{ role: 'legal_representative', name: '陈建国', to: null }]);
  });

  it('never stores or returns the number or its digest: responses, audit chain, check log', async () => {
    const row = await querySingle<{ digest: string }>(
      db(t),
      `SELECT digest FROM enterprises.persons p WHERE EXISTS
      (SELECT 1 FROM enterprises.person_roles r WHERE r.person_id = p.id AND r.enterprise_id = $1)`,
      [P.id],
    );
    const secrets = [X, Y, Z, row.digest];
    for (const text of seen) for (const s of secrets) expect(text.includes(s) ? s : null).toBeNull();
    for (const s of secrets) {
      const { n } = await querySingle<{ n: number }>(db(t), `SELECT count(*)::int AS n FROM audit.entries a WHERE a::text LIKE '%' || $1 || '%'`, [s]);
      expect(n).toBe(0);
      const { m } = await querySingle<{ m: number }>(db(t), `SELECT count(*)::int AS m FROM measures.checks c WHERE c::text LIKE '%' || $1 || '%'`, [s]);
      expect(m).toBe(0);
    }
  });
});
