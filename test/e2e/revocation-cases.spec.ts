import { addWorkingDays, type CalendarDayKind, todayInChina } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent.js';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseIn, listingProposal, XIAMEN_SIMING } from './jurisdiction.fixtures.js';
import { body, type Ok, type Reply } from './typed-http.js';

/** Issue 24, Order 44 art. 19: a revoked heavier penalty opens a revocation case on each listing resting on it. */
describe('revocation cases: revoked penalty → listing revocation due in three working days', () => {
  let t: TestApp;
  let admin: TestAgent;
  let holiday: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin');
    // A configured holiday on the first working day after today, so the due date must skip it.
    const calendar = await listedDays(todayInChina());
    holiday = addWorkingDays(todayInChina(), 1, calendar);
    const set = await admin.put(`/api/v1/admin/working-calendar/${holiday}`).send({ kind: 'holiday', name: '测试假日', reason: 'issue 24 test' });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await admin.delete(`/api/v1/admin/working-calendar/${holiday}`).send({ reason: 'issue 24 test done' });
    await t.close();
  });

  async function listedDays(from: string): Promise<Map<string, CalendarDayKind>> {
    const years = [...new Set([from.slice(0, 4), String(Number(from.slice(0, 4)) + 1)])];
    const days = (
      await Promise.all(
        years.map(async (y) => body<Ok<'/api/v1/working-calendar'>>(await (await t.as('officer')).get('/api/v1/working-calendar').query({ year: y }))),
      )
    ).flat();
    return new Map(days.map((d: { day: string; kind: CalendarDayKind }) => [d.day, d.kind]));
  }

  /** A Xiamen listing (published: consent setting off for the test) resting on a heavier penalty on record. */
  async function listedOnPenalty(): Promise<{ listingId: string; recordId: string; code: string }> {
    const e = await enterpriseIn(t, XIAMEN_SIMING);
    const proposal = listingProposal(e.code);
    const record: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await (
      await t.as('registrar')
    )
      .post(`/api/v1/enterprises/${e.code}/credit-records`)
      .send({
        categoryCode: 'penalty_heavier',
        occurredOn: proposal.penaltyDecidedOn,
        documentNumber: proposal.penaltyDocumentNumber,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》第四十九条',
      });
    expect(record.status).toBe(201);
    const officer = await t.asUser('xm.officer');
    const listingId = body<Ok<'/api/v1/listings', 'post'>>(await officer.post('/api/v1/listings').send(proposal)).id;
    await officer.post(`/api/v1/listings/${listingId}/notify`).send({}).expect(200);
    await officer.post(`/api/v1/listings/${listingId}/statements`).send({ kind: 'waiver', summary: '放弃' }).expect(200);
    await admin.patch('/api/v1/admin/authority-levels/prefecture').send({ upperConsentRequired: false, reason: 'test' }).expect(200);
    try {
      const decided: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await (
        await t.asUser('xm.reviewer')
      )
        .post(`/api/v1/listings/${listingId}/decide`)
        .send({ decisionNumber: `厦市监列〔2026〕${Date.now()}号` });
      expect(decided.body.status).toBe('listed');
    } finally {
      await admin.patch('/api/v1/admin/authority-levels/prefecture').send({ upperConsentRequired: true, reason: 'test' }).expect(200);
    }
    return { listingId, recordId: record.body.id, code: e.code };
  }

  it('revoking the heavier penalty opens a case in the deciding authority’s queue, due in three working days skipping the holiday', async () => {
    const { listingId, recordId, code } = await listedOnPenalty();
    await (await t.as('reviewer')).post(`/api/v1/credit-records/${recordId}/revoke`).send({ reason: '行政复议撤销了处罚决定' }).expect(202);
    await (await t.asUser('reviewer2')).post(`/api/v1/credit-records/${recordId}/revoke/approve`).send({}).expect(200);

    const today = todayInChina();
    const due = addWorkingDays(today, 3, await listedDays(today));
    expect(due).not.toBe(addWorkingDays(today, 3, new Map())); // the configured holiday moved it
    const queue = body<Ok<'/api/v1/listings/revocation-cases'>>(await (await t.asUser('xm.reviewer')).get('/api/v1/listings/revocation-cases'));
    const mine = queue.filter((c: { listingId: string }) => c.listingId === listingId);
    expect(mine).toEqual([
      expect.objectContaining({
        creditRecordId: recordId,
        openedOn: today,
        dueOn: due,
        overdue: false,
        status: 'open',
        decidingAuthority: '厦门市市场监督管理局',
      }),
    ]);
    // not in another authority's queue
    expect(
      body<Ok<'/api/v1/listings/revocation-cases'>>(await (await t.asUser('fz.reviewer')).get('/api/v1/listings/revocation-cases')).map(
        (c: { listingId: string }) => c.listingId,
      ),
    ).not.toContain(listingId);
    // checks answer as before until the revocation is decided
    expect(body<Ok<'/api/v1/checks/{code}'>>(await t.partner().get(`/api/v1/checks/${code}`).query({ purpose: 'government_procurement' })).verdict).toBe(
      'restricted',
    );

    // overdue once its due date has passed (moved into the past: a test-only tamper, as blacklist-helpers' backdate)
    const db = t.app.get<DataSource>(getDataSourceToken());
    await db.query(`UPDATE blacklist.revocation_cases SET opened_on = opened_on - 10, due_on = due_on - 10 WHERE listing_id = $1`, [listingId]);
    const overdue = body<Ok<'/api/v1/listings/revocation-cases'>>(
      await (await t.asUser('xm.reviewer')).get('/api/v1/listings/revocation-cases').query({ overdue: 'true' }),
    );
    expect(overdue.find((c: { listingId: string }) => c.listingId === listingId)).toMatchObject({ overdue: true });

    // deciding the listing's revocation closes the case
    await (await t.asUser('xm.reviewer')).post(`/api/v1/listings/${listingId}/revoke`).send({ reason: '处罚已撤销' }).expect(202);
    await (await t.asUser('fj.reviewer')).post(`/api/v1/listings/${listingId}/revoke/approve`).send({}).expect(200);
    const open = body<Ok<'/api/v1/listings/revocation-cases'>>(await (await t.asUser('xm.reviewer')).get('/api/v1/listings/revocation-cases'));
    expect(open.map((c: { listingId: string }) => c.listingId)).not.toContain(listingId);
    const closed = body<Ok<'/api/v1/listings/revocation-cases'>>(
      await (await t.asUser('xm.reviewer')).get('/api/v1/listings/revocation-cases').query({ status: 'closed' }),
    );
    expect(closed.find((c: { listingId: string }) => c.listingId === listingId)).toMatchObject({ status: 'closed', closedReason: 'listing revoked' });
  });

  it('revoking a record of another category opens nothing', async () => {
    const { listingId } = await listedOnPenalty();
    const e = await enterpriseIn(t, XIAMEN_SIMING);
    const other: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await (
      await t.as('registrar')
    )
      .post(`/api/v1/enterprises/${e.code}/credit-records`)
      .send({
        categoryCode: 'sampling_failed',
        occurredOn: '2026-01-05',
        documentNumber: `抽查〔2026〕${Date.now()}号`,
        issuingDepartment: '某局',
        legalBasis: '产品质量法',
      });
    await (await t.as('reviewer')).post(`/api/v1/credit-records/${other.body.id}/revoke`).send({ reason: '错误' }).expect(202);
    await (await t.asUser('reviewer2')).post(`/api/v1/credit-records/${other.body.id}/revoke/approve`).send({}).expect(200);
    const all = body<Ok<'/api/v1/listings/revocation-cases'>>(await (await t.as('reviewer')).get('/api/v1/listings/revocation-cases').query({ scope: 'all' }));
    expect(all.map((c: { listingId: string }) => c.listingId)).not.toContain(listingId);
  });
});
