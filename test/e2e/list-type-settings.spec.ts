import { addDays } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { proposal, registerEnterprise, today } from './blacklist-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/**
 * Issue 16: the administrator's list-type settings (DOMAIN.md §7 "configurable") and the credit categories'
 * 可作为列入依据 flag — versioned, validated (problem+json naming field and rule), audited, and a list-type change
 * applies to listings proposed afterwards only. Edits `product_quality_safety` and restore it (shared database).
 */
const TYPE = 'product_quality_safety';

describe('list-type settings and categories that ground a listing', () => {
  let t: TestApp;
  let original: { version: number; statementDays: number; durationYears: number; repairMinYears: number };
  const current = async () =>
    (body<Ok<'/api/v1/listing-types'>>(await (await t.as('officer')).get('/api/v1/listing-types')) as Array<typeof original & { code: string }>).find(
      (x) => x.code === TYPE,
    )!;
  beforeAll(async () => {
    t = await createTestApp();
    original = await current();
  });
  afterAll(async () => {
    const now = await current();
    await (await t.as('admin')).put(`/api/v1/listing-types/${TYPE}`).send({
      version: now.version,
      statementDays: original.statementDays,
      durationYears: original.durationYears,
      repairMinYears: original.repairMinYears,
      reason: '测试结束，恢复设置',
    });
    await t.close();
  });

  it('an edit is versioned and audited, and applies to listings proposed afterwards only', async () => {
    const officer = await t.as('officer');
    const admin = await t.as('admin');
    const before = await registerEnterprise(t);
    const early = body<Ok<'/api/v1/listings', 'post'>>(await officer.post('/api/v1/listings').send(proposal(before.code, { listType: TYPE }))).id;
    const v = original.version;
    const res: Reply<Ok<'/api/v1/listing-types/{code}', 'put'>> = await admin
      .put(`/api/v1/listing-types/${TYPE}`)
      .send({ version: v, statementDays: 20, durationYears: 5, reason: '省局通知：陈述期延长至20天' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: TYPE, statementDays: 20, durationYears: 5, version: v + 1 });
    // the same version again: someone changed it meanwhile
    const stale: Reply<Problem> = await admin.put(`/api/v1/listing-types/${TYPE}`).send({ version: v, statementDays: 15, reason: '过期的版本' });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ code: 'BLACKLIST.LIST_TYPE_STALE', currentVersion: v + 1 });

    const after = await registerEnterprise(t);
    const late = body<Ok<'/api/v1/listings', 'post'>>(await officer.post('/api/v1/listings').send(proposal(after.code, { listType: TYPE }))).id;
    const notifiedEarly = body<Ok<'/api/v1/listings/{id}/notify', 'post'>>(await officer.post(`/api/v1/listings/${early}/notify`).send({}));
    const notifiedLate = body<Ok<'/api/v1/listings/{id}/notify', 'post'>>(await officer.post(`/api/v1/listings/${late}/notify`).send({}));
    expect(notifiedEarly.notice?.statementDeadline).toBe(addDays(today(), original.statementDays)); // proposed before: old period
    expect(notifiedLate.notice?.statementDeadline).toBe(addDays(today(), 20));

    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?action=blacklist.list-type.update&entityId=${TYPE}&limit=5`);
    expect(audit.body.items[0]).toMatchObject({
      reason: '省局通知：陈述期延长至20天',
      before: { statementDays: original.statementDays },
      after: { statementDays: 20 },
    });
  });

  it('bad settings are a problem naming the field and rule, and change nothing', async () => {
    const admin = await t.as('admin');
    const now = await current();
    const tooLong: Reply<Problem> = await admin
      .put(`/api/v1/listing-types/${TYPE}`)
      .send({ version: now.version, repairMinYears: 9, durationYears: 3, reason: '修复期长于名单期限' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ code: 'BLACKLIST.INVALID_LIST_TYPE', errors: [{ field: 'repairMinYears', rule: 'repairWithinTerm' }] });
    const outOfRange: Reply<Problem> = await admin.put(`/api/v1/listing-types/${TYPE}`).send({ version: now.version, statementDays: 0, reason: '零天' });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors?.map((e) => e.field)).toContain('statementDays');
    const blank: Reply<Problem> = await admin.put(`/api/v1/listing-types/${TYPE}`).send({ version: now.version, nameZh: '   ', reason: '空名称' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors?.[0]).toMatchObject({ field: 'nameZh', rule: 'required' });
    expect(body<Problem>(await admin.put('/api/v1/listing-types/no_such_list').send({ version: 1, reason: '不存在' })).code).toBe(
      'BLACKLIST.LIST_TYPE_NOT_FOUND',
    );
    expect((await (await t.as('officer')).put(`/api/v1/listing-types/${TYPE}`).send({ version: now.version, reason: '无权' })).status).toBe(403);
    expect(await current()).toEqual(now);
  });

  it('a category marked as grounding a listing makes its records count as the penalty on record; never a positive one', async () => {
    const admin = await t.as('admin');
    const cat = async (code: string) => body<Ok<'/api/v1/credit-categories/{code}'>>(await admin.get(`/api/v1/credit-categories/${code}`));
    expect((await cat('penalty_heavier')).groundsListing).toBe(true);
    const general = await cat('penalty_general');
    expect(general.groundsListing).toBe(false);
    const e = await registerEnterprise(t);
    const penaltyOn = addDays(today(), -30);
    expect(
      (
        await (await t.as('registrar')).post(`/api/v1/enterprises/${e.code}/credit-records`).send({
          categoryCode: 'penalty_general',
          occurredOn: penaltyOn,
          documentNumber: `一般罚〔2025〕${Date.now() % 1e6}号`,
          issuingDepartment: '厦门市市场监督管理局',
          legalBasis: '《产品质量法》第四十九条',
        })
      ).status,
    ).toBe(201);
    const propose = async (): Promise<Reply<Ok<'/api/v1/listings', 'post'>>> =>
      (await t.as('officer')).post('/api/v1/listings').send(proposal(e.code, { penaltyDecidedOn: penaltyOn }));
    const first = await propose();
    expect(first.body.penalty.onRecord).toBe(false);
    await (await t.as('reviewer')).post(`/api/v1/listings/${first.body.id}/drop`).send({ reason: '先不列入' });
    const marked: Reply<Ok<'/api/v1/credit-categories/{code}', 'put'>> = await admin
      .put('/api/v1/credit-categories/penalty_general')
      .send({ version: general.version, groundsListing: true, reason: '本省将一般处罚中的情节严重者纳入' });
    expect(marked.status).toBe(200);
    expect(marked.body.groundsListing).toBe(true);
    try {
      expect((await propose()).body.penalty.onRecord).toBe(true);
    } finally {
      await admin.put('/api/v1/credit-categories/penalty_general').send({ version: marked.body.version, groundsListing: false, reason: '恢复' });
    }
    const award = await cat('quality_award');
    const positive: Reply<Problem> = await admin
      .put('/api/v1/credit-categories/quality_award')
      .send({ version: award.version, groundsListing: true, reason: '正面信息不能作为列入依据' });
    expect(positive.status).toBe(422);
    expect(positive.body).toMatchObject({ code: 'CREDIT.INVALID_CATEGORY', errors: [{ field: 'groundsListing', rule: 'negativeOnly' }] });
    expect((await cat('quality_award')).version).toBe(award.version);
  });
});
