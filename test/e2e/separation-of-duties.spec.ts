import { queryOne, queryRows } from '#qcr/platform';
import type TestAgent from 'supertest/lib/agent.js';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp, userWithRoles } from '../helpers/test-app.js';
import { db, listed, proposal, registerEnterprise } from './blacklist-helpers.js';
import { addRecord, monthsAgo, newEnterprise } from './credit-grading-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

const decision = () => ({ decisionNumber: `职责分离测〔2025〕${Math.floor(Math.random() * 1e6)}号` });

/** A user created by `creator` (an agent holding user.manage) through the admin API, logged in. */
async function createdBy(t: TestApp, creator: TestAgent, roles: string[]): Promise<{ id: string; agent: TestAgent }> {
  const username = `sock-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  const password = `pw-${username}-long-enough`;
  const res: Reply<Ok<'/api/v1/admin/users', 'post'>> = await creator.post('/api/v1/admin/users').send({ username, displayName: username, password, roles });
  expect(res.status).toBe(201);
  return { id: res.body.id, agent: await t.asUser(username, password) };
}

/** Issue 13 §6: separation of duties — the administrator does no business work, and one person cannot be both pairs of eyes. */
describe('separation of duties', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the administrator cannot propose, decide, approve or resolve', async () => {
    const admin = await t.as('admin');
    const ent = await registerEnterprise(t);
    const e = await newEnterprise(t);
    const recordId = await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const attempts = [
      await admin.post('/api/v1/listings').send(proposal(ent.code)),
      await admin.post(`/api/v1/listings/00000000-0000-4000-8000-000000000000/decide`).send(decision()),
      await admin.post(`/api/v1/enterprises/${e.code}/grade-overrides`).send({ grade: 'A', reason: '管理员不得提出' }),
      await admin.post(`/api/v1/grade-overrides/00000000-0000-4000-8000-000000000000/review`).send({ decision: 'approve', reason: 'x' }),
      await admin.post(`/api/v1/credit-records/${recordId}/objections`).send({ reason: '管理员不得提出异议' }),
      await admin.post(`/api/v1/credit-objections/00000000-0000-4000-8000-000000000000/resolve`).send({ decision: 'rejected', reason: 'x' }),
      await admin.post(`/api/v1/credit-records/${recordId}/revoke`).send({ reason: '管理员不得撤销' }),
    ];
    expect(attempts.map((r) => [r.status, body<Problem>(r).code])).toEqual(attempts.map(() => [403, 'AUTH.FORBIDDEN']));
  });

  it('refuses an account the proposer created less than QCR_FRESH_ACCOUNT_HOURS ago as the second pair of eyes on a listing', async () => {
    // An administrator who also holds a business role proposes, then makes themselves a reviewer account.
    const { agent: boss } = await userWithRoles(t, ['admin', 'officer'], 'boss');
    const ent = await registerEnterprise(t);
    const id = body<Ok<'/api/v1/listings', 'post'>>(await boss.post('/api/v1/listings').send(proposal(ent.code))).id;
    await boss.post(`/api/v1/listings/${id}/notify`).send({});
    await boss.post(`/api/v1/listings/${id}/statements`).send({ kind: 'waiver', summary: '放弃陈述申辩' });
    const sock = await createdBy(t, boss, ['reviewer']);
    const refused: Reply<Problem> = await sock.agent.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS.FRESH_ACCOUNT', freshAccountHours: 24 });
    expect(body<Problem>(await sock.agent.post(`/api/v1/listings/${id}/drop`).send({ reason: '自己的小号' })).code).toBe('ACCESS.FRESH_ACCOUNT');
    // A reviewer the proposer did not make decides.
    expect(body<Ok<'/api/v1/listings/{id}/decide', 'post'>>(await (await t.as('reviewer')).post(`/api/v1/listings/${id}/decide`).send(decision())).status).toBe(
      'listed',
    );
  });

  it('refuses a fresh account on an override, and accepts it once the account is older than the window', async () => {
    const { agent: boss } = await userWithRoles(t, ['admin', 'grader'], 'boss');
    const e = await newEnterprise(t);
    await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const override: Reply<Ok<'/api/v1/enterprises/{code}/grade-overrides', 'post'>> = await boss
      .post(`/api/v1/enterprises/${e.code}/grade-overrides`)
      .send({ grade: 'A', reason: '测试职责分离' });
    expect(override.status).toBe(201);
    const sock = await createdBy(t, boss, ['reviewer']);
    const review = async (): Promise<Reply<Problem>> =>
      sock.agent.post(`/api/v1/grade-overrides/${override.body.id}/review`).send({ decision: 'reject', reason: '理由不足' });
    expect((await review()).body.code).toBe('ACCESS.FRESH_ACCOUNT');
    // Deliberate tampering with time: the account is now 25 h old.
    await db(t).query(`UPDATE access.users SET created_at = now() - interval '25 hours', roles_granted_at = now() - interval '25 hours' WHERE id = $1`, [
      sock.id,
    ]);
    expect((await review()).body.status).toBe('rejected');
  });

  it('revoking a listing takes two reviewers: the proposer and a fresh account of theirs cannot approve', async () => {
    const ent = await registerEnterprise(t);
    const id = await listed(t, ent.code);
    const { agent: proposer } = await userWithRoles(t, ['reviewer', 'admin'], 'rev');
    expect((await proposer.post(`/api/v1/listings/${id}/revoke`).send({ reason: '处罚决定已被撤销' })).status).toBe(202);
    expect(body<Problem>(await proposer.post(`/api/v1/listings/${id}/revoke`).send({ reason: '再提一次' })).code).toBe('BLACKLIST.REVOCATION_PENDING');
    expect(body<Ok<'/api/v1/listings/{id}'>>(await proposer.get(`/api/v1/listings/${id}`)).status).toBe('listed');
    expect(body<Problem>(await proposer.post(`/api/v1/listings/${id}/revoke/approve`)).code).toBe('BLACKLIST.FOUR_EYES');
    const sock = await createdBy(t, proposer, ['reviewer']);
    expect(body<Problem>(await sock.agent.post(`/api/v1/listings/${id}/revoke/approve`)).code).toBe('ACCESS.FRESH_ACCOUNT');
    const approved = await (await t.asUser('reviewer2')).post(`/api/v1/listings/${id}/revoke/approve`);
    expect(approved.status).toBe(200);
    expect(body<Ok<'/api/v1/listings/{id}'>>(await proposer.get(`/api/v1/listings/${id}`)).status).toBe('revoked');
    const entry = await queryOne<{ actor_name: string; details: Record<string, unknown> }>(
      db(t),
      `SELECT actor_name, details FROM blacklist.listing_events WHERE listing_id = $1 AND action = 'revoke'`,
      [id],
    );
    expect(entry).toMatchObject({ actor_name: 'reviewer2', details: { proposedBy: expect.any(String), approvedBy: expect.any(String) } });
  });

  it('revoking a credit record takes two reviewers; a rejected proposal leaves the record counting', async () => {
    const e = await newEnterprise(t);
    const recordId = await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const reviewer = await t.as('reviewer');
    expect((await reviewer.post(`/api/v1/credit-records/${recordId}/revoke`).send({ reason: '主体认定错误' })).status).toBe(202);
    expect(body<Problem>(await reviewer.post(`/api/v1/credit-records/${recordId}/revoke/approve`)).code).toBe('CREDIT.REVOCATION_FOUR_EYES');
    const rejected: Reply<Ok<'/api/v1/credit-records/{id}/revoke/reject', 'post'>> = await (
      await t.asUser('reviewer2')
    )
      .post(`/api/v1/credit-records/${recordId}/revoke/reject`)
      .send({ reason: '证据不足' });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      statusName: { zh: '未予批准', en: 'Turned down' },
      decisionReason: '证据不足',
      proposedByName: 'reviewer',
      decidedByName: 'reviewer2',
    });
    expect(body<Ok<'/api/v1/credit-records/{id}'>>(await reviewer.get(`/api/v1/credit-records/${recordId}`)).status).toBe('active');
    expect(body<Problem>(await reviewer.post(`/api/v1/credit-records/${recordId}/revoke/approve`)).code).toBe('CREDIT.NO_REVOCATION_PROPOSED');
    const audit = await queryRows<{ action: string }>(db(t), `SELECT action FROM audit.entries WHERE entity_id = $1 ORDER BY seq`, [recordId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['credit.record.revocation-proposed', 'credit.record.revocation-rejected']));
  });
});
