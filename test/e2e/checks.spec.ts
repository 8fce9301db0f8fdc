import { addDays, todayInChina } from '#qcr/platform';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, testDatabaseUrl, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { giveGrade, listEnterprise, partnerReady, registerEnterprise, type TestEnterprise, unregisteredUscc } from './checks.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

const GP = 'government_procurement';

describe('joint-measure checks (联合奖惩核查)', () => {
  let t: TestApp;
  let db: DataSource;
  const today = todayInChina();
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    await partnerReady(t);
  });
  afterAll(() => t.close());

  const check = async (code: string, purpose = GP, asOf?: string): Promise<Reply<Ok<'/api/v1/checks/{code}'>>> =>
    t
      .partner()
      .get(`/api/v1/checks/${encodeURIComponent(code)}`)
      .query({ purpose, ...(asOf ? { asOf } : {}) });

  describe('verdicts', () => {
    let aaa: TestEnterprise, aa: TestEnterprise, a: TestEnterprise, c: TestEnterprise, listedAaa: TestEnterprise;
    beforeAll(async () => {
      const register = () => registerEnterprise(t);
      [aaa, aa, a, c, listedAaa] = await Promise.all([register(), register(), register(), register(), register()]);
      await giveGrade(db, aaa, 'AAA', '2020-01-01');
      await giveGrade(db, aa, 'AA', '2020-01-01');
      await giveGrade(db, a, 'A', '2020-01-01');
      await giveGrade(db, c, 'C', '2020-01-01');
      await giveGrade(db, listedAaa, 'AAA', '2020-01-01');
      await listEnterprise(db, listedAaa, addDays(today, -30), addDays(today, 1000));
    });

    it.each([
      ['AAA', () => aaa, 'priority', ['GP-I-PRIORITY-AA']],
      ['AA', () => aa, 'priority', ['GP-I-PRIORITY-AA']],
      ['A', () => a, 'clear', []],
      ['C', () => c, 'restricted', ['GP-R-GRADE-C']],
      ['listed, whatever the grade', () => listedAaa, 'restricted', ['GP-R-LISTED']],
    ])('procurement for %s → %s', async (_name, who, verdict, measures) => {
      const e = who();
      const res = await check(e.uscc);
      expect(res.status).toBe(200);
      expect(res.body.verdict).toBe(verdict);
      expect(res.body.measures.map((m: { code: string }) => m.code)).toEqual(measures);
      expect(res.body.enterprise).toMatchObject({ id: e.id, name: e.name, uscc: e.uscc, orgCode: e.orgCode });
      expect(res.body.asOf).toBe(today);
      expect(res.body.receipt).toMatchObject({ receiptId: expect.any(String), time: expect.any(String), askedBy: { kind: 'partner' } });
      for (const m of res.body.measures) expect(m.legalBasis).toEqual(expect.any(String));
    });

    it('shows the active published listing of a listed enterprise without personal data', async () => {
      const res = await check(listedAaa.orgCode, 'honours');
      expect(res.body.verdict).toBe('restricted');
      expect(res.body.listings).toHaveLength(1);
      expect(res.body.listings[0]).toMatchObject({ listType: 'quality_serious_dishonesty', decisionNumber: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/测试人|legal_rep|idHash/);
    });

    it('restricts honours and subsidies at grade C', async () => {
      expect((await check(c.uscc, 'honours')).body.verdict).toBe('restricted');
      expect((await check(c.uscc, 'subsidies')).body.measures.map((m: { code: string }) => m.code)).toEqual(['SUB-R-GRADE-C']);
    });

    it('answers not_registered for a valid code nobody registered', async () => {
      const res = await check(unregisteredUscc());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verdict: 'not_registered', enterprise: null, grade: null, listings: [], measures: [] });
      expect(res.body.receipt.receiptId).toEqual(expect.any(String));
    });

    it('resolves full-width and hyphenated organisation codes to the same enterprise', async () => {
      const fullWidth = aa.orgCode.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      const res = await check(`${fullWidth.slice(0, 8)}-${fullWidth.slice(8)}`);
      expect(res.body.enterprise?.id).toBe(aa.id);
    });

    it('rejects an invalid code with 400 naming the rule', async () => {
      const bad = aa.uscc.slice(0, 17) + (aa.uscc[17] === '0' ? '1' : '0');
      const res = await check(bad);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'CHECKS.INVALID_CODE', rule: 'uscc_check', errors: [{ field: 'code', rule: 'uscc_check' }] });
      const short = await check('12345');
      expect(short.body).toMatchObject({ code: 'CHECKS.INVALID_CODE', rule: 'length' });
    });

    it('rejects an unknown purpose and a malformed asOf with 400 (staff)', async () => {
      const staff = await t.as('registrar');
      const res: Reply<Problem> = await staff.get(`/api/v1/checks/${aa.uscc}`).query({ purpose: 'parking' });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]).toMatchObject({ field: 'purpose' });
      const date: Reply<Problem> = await staff.get(`/api/v1/checks/${aa.uscc}`).query({ purpose: GP, asOf: '2024-02-30' });
      expect(date.status).toBe(400);
      expect(date.body.errors?.[0]).toMatchObject({ field: 'asOf' });
    });

    it('lets staff check any purpose; a partner only its agency’s purposes (403)', async () => {
      const staff = await t.as('grader');
      expect((await staff.get(`/api/v1/checks/${c.uscc}`).query({ purpose: 'financing' })).status).toBe(200);
      const res = await check(c.uscc, 'financing');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.PURPOSE_NOT_ALLOWED');
    });

    it('reflects a listing decided through the API on the very next check (a verdict never lags a decision)', async () => {
      const e = await registerEnterprise(t);
      const grader = await t.as('grader');
      const reviewer = await t.as('reviewer');
      const override: Reply<Ok<'/api/v1/enterprises/{code}/grade-overrides', 'post'>> = await grader
        .post(`/api/v1/enterprises/${e.uscc}/grade-overrides`)
        .send({ grade: 'AA', reason: '省级质量奖获奖企业' });
      expect(
        body<Ok<'/api/v1/grade-overrides/{id}/review', 'post'>>(
          await reviewer.post(`/api/v1/grade-overrides/${override.body.id}/review`).send({ decision: 'approve', reason: '核查属实' }),
        ).status,
      ).toBe('approved');
      expect((await check(e.uscc)).body.verdict).toBe('priority');
      const listingId = await readyToDecide(t, e.id);
      const decided = await reviewer.post(`/api/v1/listings/${listingId}/decide`).send({ decisionNumber: `测列〔2026〕${listingId.slice(0, 6)}号` });
      expect(decided.status).toBeLessThan(300);
      const next = await check(e.uscc);
      expect(next.body.verdict).toBe('restricted');
      expect(next.body.listings.map((l: { id: string }) => l.id)).toEqual([listingId]);
    });
  });

  describe('asOf answers from history', () => {
    it('follows the grade history', async () => {
      const e = await registerEnterprise(t);
      await giveGrade(db, e, 'AA', '2020-01-01', '2022-01-01');
      await giveGrade(db, e, 'C', '2022-01-01');
      const then = await check(e.uscc, GP, '2021-06-01');
      expect(then.body).toMatchObject({ verdict: 'priority', asOf: '2021-06-01', grade: { grade: 'AA', validFrom: '2020-01-01' } });
      expect((await check(e.uscc, GP, '2022-01-01')).body).toMatchObject({ verdict: 'restricted', grade: { grade: 'C' } });
      expect((await check(e.uscc, GP, '2019-06-01')).body).toMatchObject({ verdict: 'clear', grade: null });
    });

    it('before a listing → not restricted, during → restricted, after expiry → not', async () => {
      const e = await registerEnterprise(t);
      await listEnterprise(db, e, '2020-01-10', '2023-01-10', { on: '2023-01-10', kind: 'expiry' });
      expect((await check(e.uscc, GP, '2020-01-09')).body.verdict).toBe('clear');
      expect((await check(e.uscc, GP, '2020-01-10')).body.verdict).toBe('restricted');
      expect((await check(e.uscc, GP, '2023-01-09')).body.verdict).toBe('restricted');
      expect((await check(e.uscc, GP, '2023-01-10')).body.verdict).toBe('clear');
    });

    it('a revoked listing stops restricting from the revocation date', async () => {
      const e = await registerEnterprise(t);
      await listEnterprise(db, e, '2021-01-01', '2024-01-01', { on: '2022-01-01', kind: 'revocation' });
      expect((await check(e.uscc, 'public_bidding', '2021-12-31')).body.verdict).toBe('restricted');
      expect((await check(e.uscc, 'public_bidding', '2022-01-01')).body.verdict).toBe('clear');
    });
  });

  describe('batch', () => {
    let listed: TestEnterprise, good: TestEnterprise;
    beforeAll(async () => {
      [listed, good] = await Promise.all([registerEnterprise(t), registerEnterprise(t)]);
      await listEnterprise(db, listed, addDays(today, -10), addDays(today, 1000));
      await giveGrade(db, good, 'AAA', '2020-01-01');
    });

    it('answers every input in order, with per-item errors, collapsed duplicates and one receipt each', async () => {
      const nobody = unregisteredUscc();
      const codes = [good.uscc, 'not-a-code', listed.orgCode, nobody, good.orgCode, listed.orgCode];
      const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t.partner().post('/api/v1/checks/batch').send({ purpose: GP, codes });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(6);
      expect(res.body.results.map((r: { code: string }) => r.code)).toEqual(codes);
      expect(res.body.results.map((r: { verdict: string }) => r.verdict)).toEqual([
        'priority',
        'invalid',
        'restricted',
        'not_registered',
        'priority',
        'restricted',
      ]);
      expect(res.body.results[1]).toMatchObject({ index: 1, error: { rule: expect.any(String) } });
      expect(res.body.results[1]?.receiptId).toBeUndefined();
      expect(res.body.results[4]?.duplicateOf).toBe(0);
      expect(res.body.results[5]?.duplicateOf).toBe(2);
      const receipts = res.body.results.flatMap((r) => (r.receiptId ? [r.receiptId] : []));
      expect(new Set(receipts).size).toBe(5);
      expect(res.body.summary).toEqual({ restricted: 2, priority: 2, clear: 0, not_registered: 1, invalid: 1 });
      expect(res.body.measures['GP-R-LISTED']?.legalBasis).toEqual(expect.any(String));
      // each receipt is readable at once
      const one: Reply<Ok<'/api/v1/checks/receipts/{receiptId}'>> = await t
        .partner()
        .get(`/api/v1/checks/receipts/${defined(res.body.results[2]?.receiptId, 'the receipt of the third code')}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ verdict: 'restricted', batchId: res.body.batchId, code: listed.orgCode });
    });

    it('answers a past date for the whole batch', async () => {
      const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
        .partner()
        .post('/api/v1/checks/batch')
        .send({ purpose: GP, asOf: '2019-01-01', codes: [good.uscc, listed.uscc] });
      expect(res.body.results.map((r: { verdict: string }) => r.verdict)).toEqual(['clear', 'clear']);
    });

    it('refuses 10,001 codes with 413 and a batch for a purpose the partner lacks with 403', async () => {
      const big: Reply<Problem> = await t
        .partner()
        .post('/api/v1/checks/batch')
        .send({ purpose: GP, codes: Array.from({ length: 10_001 }, () => good.uscc) });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('CHECKS.BATCH_TOO_LARGE');
      const denied = await t
        .partner()
        .post('/api/v1/checks/batch')
        .send({ purpose: 'state_land', codes: [good.uscc] });
      expect(denied.status).toBe(403);
    });

    it('answers 10,000 codes', async () => {
      const codes = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? listed.uscc : i % 3 === 1 ? good.uscc : unregisteredUscc()));
      const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t.partner().post('/api/v1/checks/batch').send({ purpose: GP, codes });
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(10_000);
      expect(res.body.results[9_999]?.verdict).toBe('restricted');
    });

    it('takes a CSV upload and returns CSV on Accept: text/csv', async () => {
      const csv = `供应商名称,统一社会信用代码\n甲,${good.uscc}\n乙,${listed.uscc}\n丙,BAD\n`;
      const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
        .partner()
        .post('/api/v1/checks/batch')
        .set('Accept', 'text/csv')
        .field('purpose', GP)
        .attach('file', Buffer.from(csv), { filename: 'suppliers.csv', contentType: 'text/csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toMatch(/^row,code,verdict,error/);
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(`${good.uscc},priority`);
      expect(lines[2]).toContain(`${listed.uscc},restricted`);
      expect(lines[3]).toMatch(/BAD,invalid,"length:/);
    });

    it('checks the purpose of a CSV upload against the partner’s agency', async () => {
      const res: Reply<Problem> = await t
        .partner()
        .post('/api/v1/checks/batch')
        .field('purpose', 'financing')
        .attach('file', Buffer.from(`${good.uscc}\n`), 'x.csv');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.PURPOSE_NOT_ALLOWED');
    });
  });

  describe('receipts and feedback (应查必查、反馈)', () => {
    let listed: TestEnterprise;
    let otherAgencyKey: string;
    beforeAll(async () => {
      listed = await registerEnterprise(t);
      await listEnterprise(db, listed, addDays(today, -10), addDays(today, 1000));
      const admin = await t.as('admin');
      const agency: Reply<Ok<'/api/v1/admin/agencies', 'post'>> = await admin
        .post('/api/v1/admin/agencies')
        .send({ code: `other-${Math.random().toString(36).slice(2, 10)}`, name: '另一合作部门', department: '自然资源局', purposes: [GP, 'state_land'] });
      const key: Reply<Ok<'/api/v1/admin/agencies/{agencyId}/keys', 'post'>> = await admin
        .post(`/api/v1/admin/agencies/${agency.body.id}/keys`)
        .send({ label: 'test', validDays: 30 });
      otherAgencyKey = key.body.key;
    });

    it('takes feedback on a receipt, once, and shows it on the receipt', async () => {
      const { receiptId } = (await check(listed.uscc)).body.receipt;
      const wrongMeasure: Reply<Problem> = await t
        .partner()
        .post(`/api/v1/checks/receipts/${receiptId}/feedback`)
        .send({ outcome: 'applied', measureCode: 'GP-I-PRIORITY-AA' });
      expect(wrongMeasure.status).toBe(422);
      expect(wrongMeasure.body.code).toBe('CHECKS.MEASURE_NOT_ON_RECEIPT');
      const missingReason = await t.partner().post(`/api/v1/checks/receipts/${receiptId}/feedback`).send({ outcome: 'not_applied' });
      expect(missingReason.status).toBe(400);
      const ok: Reply<Ok<'/api/v1/checks/receipts/{receiptId}/feedback', 'post'>> = await t
        .partner()
        .post(`/api/v1/checks/receipts/${receiptId}/feedback`)
        .send({ outcome: 'applied', measureCode: 'GP-R-LISTED', note: '取消其投标资格' });
      expect(ok.status).toBe(201);
      expect(ok.body.feedback).toMatchObject({ outcome: 'applied', measureCode: 'GP-R-LISTED', givenBy: { kind: 'partner' } });
      const again: Reply<Problem> = await t.partner().post(`/api/v1/checks/receipts/${receiptId}/feedback`).send({ outcome: 'not_applied', reason: 'x' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CHECKS.FEEDBACK_EXISTS');
      const receipt: Reply<Ok<'/api/v1/checks/receipts/{receiptId}'>> = await t.partner().get(`/api/v1/checks/receipts/${receiptId}`);
      expect(receipt.body).toMatchObject({
        receiptId,
        verdict: 'restricted',
        purpose: GP,
        feedback: { outcome: 'applied' },
        answer: { measures: ['GP-R-LISTED'] },
      });
    });

    it('hides a receipt from another agency (404) but not from staff', async () => {
      const { receiptId } = (await check(listed.uscc)).body.receipt;
      const other = () => t.http().set('X-API-Key', otherAgencyKey);
      const read: Reply<Problem> = await other().get(`/api/v1/checks/receipts/${receiptId}`);
      expect(read.status).toBe(404);
      expect(read.body.code).toBe('CHECKS.RECEIPT_NOT_FOUND');
      const feed = await other().post(`/api/v1/checks/receipts/${receiptId}/feedback`).send({ outcome: 'not_applied', reason: 'not ours' });
      expect(feed.status).toBe(404);
      expect((await (await t.as('auditor')).get(`/api/v1/checks/receipts/${receiptId}`)).status).toBe(200);
    });

    it('counts checks and feedback per agency and purpose for staff holding check.stats.read', async () => {
      const { receiptId } = (await check(listed.uscc, 'honours')).body.receipt;
      await t.partner().post(`/api/v1/checks/receipts/${receiptId}/feedback`).send({ outcome: 'not_applied', reason: '评选已结束' });
      expect((await (await t.as('registrar')).get('/api/v1/checks/feedback-stats')).status).toBe(403);
      expect((await t.partner().get('/api/v1/checks/feedback-stats')).status).toBe(403);
      const res: Reply<Ok<'/api/v1/checks/feedback-stats'>> = await (
        await t.as('auditor')
      )
        .get('/api/v1/checks/feedback-stats')
        .query({ from: today, to: today });
      expect(res.status).toBe(200);
      const honours = defined(
        res.body.rows.find((r) => r.agency?.code === 'demo-procurement' && r.purpose === 'honours'),
        'the demo agency’s honours row',
      );
      expect(honours).toMatchObject({ checks: expect.any(Number), feedback: expect.any(Number), notApplied: expect.any(Number) });
      expect(honours.feedback).toBeGreaterThanOrEqual(1);
      expect(honours.feedbackRate).toBeGreaterThan(0);
      expect(honours.feedbackRate).toBeLessThanOrEqual(1);
    });
  });
});

describe('check log: nothing answered is lost', () => {
  it('has a row for each of 1,000 concurrent checks after the app closes', async () => {
    const t = await createTestApp();
    await partnerReady(t);
    const e = await registerEnterprise(t);
    const check = async (): Promise<Reply<Ok<'/api/v1/checks/{code}'>>> => t.partner().get(`/api/v1/checks/${e.uscc}`).query({ purpose: GP });
    const results = await Promise.all(Array.from({ length: 1000 }, check));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const receipts = results.map((r) => r.body.receipt.receiptId);
    await t.close();
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE enterprise_id = $2 AND verdict = 'clear' AND purpose = $3)::int AS right
           FROM measures.checks WHERE receipt_id = ANY($1::uuid[])`,
        [receipts, e.id, GP],
      );
      expect(rows[0]).toEqual({ n: 1000, right: 1000 });
    } finally {
      await client.end();
    }
  });
});
