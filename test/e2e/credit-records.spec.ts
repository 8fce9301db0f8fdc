import { randomUscc } from '#qcr/identifiers';
import { queryOne } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp, userWithRoles } from '../helpers/test-app.js';
import { addRecord, creditRecord, db, monthsAgo, newEnterprise, today } from './credit-grading-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

describe('credit records (DOMAIN.md §5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the seeded category catalogue and lets an admin edit it (optimistic version)', async () => {
    const reader = await t.as('auditor');
    const list: Reply<Ok<'/api/v1/credit-categories'>> = await reader.get('/api/v1/credit-categories');
    expect(list.status).toBe(200);
    const codes = list.body.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['sampling_failed', 'penalty_heavier', 'quality_accident', 'quality_award', 'chief_quality_officer']));
    const admin = await t.as('admin');
    const code = `test_cat_${Date.now()}`;
    const created = await admin.post('/api/v1/credit-categories').send({
      code,
      polarity: 'negative',
      severity: 'general',
      nameZh: '测试类别',
      nameEn: 'Test category',
      publicationMonths: 12,
      repairMinMonths: 6,
    });
    expect(created.status).toBe(201);
    const edited: Reply<Ok<'/api/v1/credit-categories/{code}', 'put'>> = await admin
      .put(`/api/v1/credit-categories/${code}`)
      .send({ publicationMonths: 24, version: 1, reason: '规章调整' });
    expect(edited.body).toMatchObject({ publicationMonths: 24, version: 2 });
    const stale: Reply<Problem> = await admin.put(`/api/v1/credit-categories/${code}`).send({ publicationMonths: 6, version: 1, reason: 'x' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('CREDIT.STALE');
    expect((await (await t.as('registrar')).put(`/api/v1/credit-categories/${code}`).send({ version: 2, reason: 'x' })).status).toBe(403);
  });

  it('records information with the publication end from its category, and lists and reads it', async () => {
    const e = await newEnterprise(t);
    const registrar = await t.as('registrar');
    const res: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await registrar
      .post(`/api/v1/enterprises/${e.code}/credit-records`)
      .send(creditRecord('sampling_failed', '2025-03-15'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      enterpriseId: e.id,
      status: 'active',
      severity: 'general',
      publishUntil: '2026-03-15',
      repairAllowedFrom: '2025-09-15',
      source: 'manual',
    });
    const given: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await registrar
      .post(`/api/v1/enterprises/${e.code}/credit-records`)
      .send(creditRecord('penalty_minor', '2025-03-15', { publishUntil: '2025-05-01' }));
    expect(given.body.publishUntil).toBe('2025-05-01');
    const list: Reply<Ok<'/api/v1/enterprises/{code}/credit-records'>> = await registrar.get(`/api/v1/enterprises/${e.code}/credit-records?limit=1`);
    expect(list.body.items).toHaveLength(1);
    const page2: Reply<Ok<'/api/v1/enterprises/{code}/credit-records'>> = await registrar.get(
      `/api/v1/enterprises/${e.code}/credit-records?limit=1&cursor=${list.body.nextCursor}`,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0]?.id).not.toBe(list.body.items[0]?.id);
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await registrar.get(`/api/v1/credit-records/${res.body.id}`)).documentNumber).toBe(res.body.documentNumber);
  });

  it.each([
    ['unknown category', { categoryCode: 'nope' }, 422, 'CREDIT.UNKNOWN_CATEGORY'],
    ['future occurrence', { occurredOn: '2999-01-01' }, 422, 'CREDIT.INVALID_DATES'],
    ['impossible date', { occurredOn: '2025-02-30' }, 400, 'REQUEST.VALIDATION_FAILED'],
    ['publication end before occurrence', { publishUntil: '2020-01-01' }, 422, 'CREDIT.INVALID_DATES'],
    ['malformed date', { occurredOn: '15/03/2025' }, 400, 'REQUEST.VALIDATION_FAILED'],
    ['unknown field', { colour: 'red' }, 400, 'REQUEST.VALIDATION_FAILED'],
  ])('rejects %s with a problem, never a 500', async (_name, patch, status, code) => {
    const e = await newEnterprise(t);
    const res: Reply<Problem> = await (
      await t.as('registrar')
    )
      .post(`/api/v1/enterprises/${e.code}/credit-records`)
      .send({ ...creditRecord('sampling_failed', '2025-03-15'), ...patch });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('answers 404 for an unknown enterprise and 409 for a duplicate document number', async () => {
    const registrar = await t.as('registrar');
    // A well-formed code nobody registered (a malformed one is 400 ENTERPRISE.INVALID_CODE: code-lookup-problems.spec.ts).
    const missing = await registrar.post(`/api/v1/enterprises/${randomUscc()}/credit-records`).send(creditRecord('sampling_failed', '2025-03-15'));
    expect(missing.status).toBe(404);
    const e = await newEnterprise(t);
    const body = creditRecord('sampling_failed', '2025-03-15');
    expect((await registrar.post(`/api/v1/enterprises/${e.code}/credit-records`).send(body)).status).toBe(201);
    const dup: Reply<Problem> = await registrar.post(`/api/v1/enterprises/${e.code}/credit-records`).send(body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CREDIT.DUPLICATE_RECORD');
  });

  it('repairs only after the minimum period, and audits it with reason and actor', async () => {
    const e = await newEnterprise(t);
    const early = await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const late = await addRecord(t, e.code, 'sampling_failed', monthsAgo(7));
    const reviewer = await t.as('reviewer');
    const tooEarly: Reply<Problem> = await reviewer.post(`/api/v1/credit-records/${early}/repair`).send({ reason: '已整改' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ code: 'CREDIT.REPAIR_TOO_EARLY', repairAllowedFrom: expect.any(String) });
    const ok: Reply<Ok<'/api/v1/credit-records/{id}/repair', 'post'>> = await reviewer
      .post(`/api/v1/credit-records/${late}/repair`)
      .send({ reason: '已整改并复查合格' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'repaired', repairedOn: today(), published: false });
    const again: Reply<Problem> = await reviewer.post(`/api/v1/credit-records/${late}/repair`).send({ reason: 'again' });
    expect(again.body.code).toBe('CREDIT.INVALID_TRANSITION');
    const audit = await queryOne<{ actor_id: string; reason: string | null }>(
      db(t),
      `SELECT actor_id, reason FROM audit.entries WHERE entity_id = $1 AND action = 'credit.record.repair'`,
      [late],
    );
    expect(audit).toMatchObject({ reason: '已整改并复查合格' });
    expect((await (await t.as('registrar')).post(`/api/v1/credit-records/${late}/revoke`).send({ reason: 'x' })).status).toBe(403);
    const proposed = await reviewer.post(`/api/v1/credit-records/${early}/revoke`).send({ reason: '主体认定错误' });
    expect(proposed.status).toBe(202);
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await reviewer.get(`/api/v1/credit-records/${early}`)).status).not.toBe('revoked'); // counts until approved
    expect(body<Problem>(await reviewer.post(`/api/v1/credit-records/${early}/revoke/approve`)).code).toBe('CREDIT.REVOCATION_FOUR_EYES');
    const revoked: Reply<Ok<'/api/v1/credit-records/{id}/revoke/approve', 'post'>> = await (
      await t.asUser('reviewer2')
    ).post(`/api/v1/credit-records/${early}/revoke/approve`);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedOn: today() });
  });

  it('objection: disputed at once; reviewer resolves; both outcomes are kept; overdue ones are listed', async () => {
    const e = await newEnterprise(t);
    const rejectedId = await addRecord(t, e.code, 'sampling_failed', monthsAgo(2));
    const upheldId = await addRecord(t, e.code, 'penalty_general', monthsAgo(2));
    const registrar = await t.as('registrar');
    const reviewer = await t.as('reviewer');

    const o1: Reply<Ok<'/api/v1/credit-records/{id}/objections', 'post'>> = await registrar
      .post(`/api/v1/credit-records/${rejectedId}/objections`)
      .send({ reason: '企业称样品非本企业生产' });
    expect(o1.status).toBe(201);
    expect(o1.body).toMatchObject({ status: 'open', overdue: false });
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await registrar.get(`/api/v1/credit-records/${rejectedId}`)).status).toBe('disputed');
    const second: Reply<Problem> = await registrar.post(`/api/v1/credit-records/${rejectedId}/objections`).send({ reason: 'again' });
    expect(second.body.code).toBe('CREDIT.OBJECTION_OPEN');

    // overdue: push the deadline into the past
    await db(t).query(`UPDATE credit.objections SET deadline = current_date - 1 WHERE id = $1`, [o1.body.id]);
    const overdue: Reply<Ok<'/api/v1/credit-objections'>> = await reviewer.get('/api/v1/credit-objections?overdue=true');
    expect(overdue.body.map((o: { id: string }) => o.id)).toContain(o1.body.id);
    // the queue names the enterprise, not only its id
    expect(overdue.body.find((o) => o.id === o1.body.id)?.enterprise).toEqual({
      name: `信用评价测试企业${e.code.slice(-6)}有限公司`,
      uscc: e.code,
      orgCode: e.code.slice(8, 17),
    });

    const badUpheld = await reviewer.post(`/api/v1/credit-objections/${o1.body.id}/resolve`).send({ decision: 'upheld', reason: 'x' });
    expect(badUpheld.status).toBe(409);
    const rejected: Reply<Ok<'/api/v1/credit-objections/{id}/resolve', 'post'>> = await reviewer
      .post(`/api/v1/credit-objections/${o1.body.id}/resolve`)
      .send({ decision: 'rejected', reason: '抽样程序合法，样品确为企业产品' });
    expect(rejected.body).toMatchObject({ status: 'rejected', outcome: 'active', resolvedBy: expect.any(String) });
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await registrar.get(`/api/v1/credit-records/${rejectedId}`)).status).toBe('active');
    const twice: Reply<Problem> = await reviewer.post(`/api/v1/credit-objections/${o1.body.id}/resolve`).send({ decision: 'rejected', reason: 'x' });
    expect(twice.body.code).toBe('CREDIT.OBJECTION_CLOSED');

    const o2: Reply<Ok<'/api/v1/credit-records/{id}/objections', 'post'>> = await registrar
      .post(`/api/v1/credit-records/${upheldId}/objections`)
      .send({ reason: '文书号登记错误' });
    const corrected: Reply<Ok<'/api/v1/credit-objections/{id}/resolve', 'post'>> = await reviewer.post(`/api/v1/credit-objections/${o2.body.id}/resolve`).send({
      decision: 'upheld',
      outcome: 'corrected',
      reason: '核实文书号有误，予以更正',
      corrections: { documentNumber: '厦市监罚〔2025〕99号' },
    });
    expect(corrected.body).toMatchObject({ status: 'upheld', outcome: 'corrected' });
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await registrar.get(`/api/v1/credit-records/${upheldId}`))).toMatchObject({
      status: 'active',
      documentNumber: '厦市监罚〔2025〕99号',
    });
    const history: Reply<Ok<'/api/v1/credit-records/{id}/objections'>> = await registrar.get(`/api/v1/credit-records/${upheldId}/objections`);
    expect(history.body).toHaveLength(1);

    const o3: Reply<Ok<'/api/v1/credit-records/{id}/objections', 'post'>> = await registrar
      .post(`/api/v1/credit-records/${upheldId}/objections`)
      .send({ reason: '处罚已被复议撤销' });
    const revoked: Reply<Ok<'/api/v1/credit-objections/{id}/resolve', 'post'>> = await reviewer
      .post(`/api/v1/credit-objections/${o3.body.id}/resolve`)
      .send({ decision: 'upheld', outcome: 'revoked', reason: '行政复议决定撤销原处罚' });
    expect(revoked.body.outcome).toBe('revoked');
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await registrar.get(`/api/v1/credit-records/${upheldId}`)).status).toBe('revoked');
    expect(body<Ok<'/api/v1/credit-records/{id}/objections'>>(await registrar.get(`/api/v1/credit-records/${upheldId}/objections`))).toHaveLength(2);
  });

  it('four-eyes on objections: whoever raised it may not resolve it', async () => {
    const e = await newEnterprise(t);
    const id = await addRecord(t, e.code, 'sampling_failed', monthsAgo(2));
    const { agent: both } = await userWithRoles(t, ['registrar', 'reviewer']); // raises and resolves
    const o: Reply<Ok<'/api/v1/credit-records/{id}/objections', 'post'>> = await both.post(`/api/v1/credit-records/${id}/objections`).send({ reason: '测试' });
    const self: Reply<Problem> = await both.post(`/api/v1/credit-objections/${o.body.id}/resolve`).send({ decision: 'rejected', reason: 'x' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('CREDIT.FOUR_EYES');
  });
});
