import { BlacklistReader, LISTING_CHANGED, seedDemoBlacklist } from '#qcr/blacklist';
import { addDays, addYears, type DomainEvent, DomainEvents } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp, userWithRoles } from '../helpers/test-app.js';
import { backdate, db, listed, proposal, readyToDecide, registerEnterprise, today } from './blacklist-helpers.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

const decision = (n = Math.floor(Math.random() * 1e6)) => ({ decisionNumber: `测列〔2025〕${n}号` });

describe('blacklist lifecycle (质量失信黑名单)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('proposes → notifies → decides → publishes → expires (read time first, then the job)', async () => {
    const ent = await registerEnterprise(t, { name: '李建设', idNumber: '350203197001101005' });
    const officer = await t.as('officer');
    const reviewer = await t.as('reviewer');

    const proposed: Reply<Ok<'/api/v1/listings', 'post'>> = await officer.post('/api/v1/listings').send(proposal(ent.code));
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', enterprise: { id: ent.id }, listType: 'quality_serious_dishonesty' });
    // the legal representative at the time of listing, ID only as a hash
    expect(proposed.body.legalRepresentative).toEqual({ name: '李建设', idHash: expect.any(String) });
    expect(JSON.stringify(proposed.body)).not.toContain('350203197001101005');
    const id = proposed.body.id;

    const notified: Reply<Ok<'/api/v1/listings/{id}/notify', 'post'>> = await officer.post(`/api/v1/listings/${id}/notify`).send({});
    expect(notified.status).toBe(200);
    expect(notified.body.notice).toMatchObject({ noticeDate: today(), statementDeadline: addDays(today(), 10), waived: false });

    // not before the deadline …
    const early: Reply<Problem> = await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'BLACKLIST.STATEMENT_PERIOD_OPEN', decisionAllowedFrom: addDays(today(), 11) });

    // … unless the enterprise waived its right to state its case
    const statement: Reply<Ok<'/api/v1/listings/{id}/statements', 'post'>> = await officer
      .post(`/api/v1/listings/${id}/statements`)
      .send({ kind: 'waiver', summary: '企业书面放弃陈述申辩' });
    expect(statement.status).toBe(200);
    expect(statement.body.notice?.waived).toBe(true);

    const seen: DomainEvent[] = [];
    t.app.get(DomainEvents).on(LISTING_CHANGED, (event) => {
      if (event.listingId === id) seen.push(event);
      return Promise.resolve();
    });
    const decided: Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>> = await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(decided.status).toBe(200);
    expect(seen).toEqual([{ type: LISTING_CHANGED, enterpriseId: ent.id, listingId: id, status: 'listed' }]);
    expect(decided.body).toMatchObject({ status: 'listed', decision: { startDate: today(), plannedEndDate: addYears(today(), 3) } });
    // a reviewer lacks personal-data.read: the legal representative is masked
    expect(decided.body.legalRepresentative).toEqual({ name: '李**', idHash: null });

    const pub: Reply<Ok<'/api/v1/public/listings'>> = await t.http().get(`/api/v1/public/listings?enterprise=${ent.code}`);
    expect(pub.status).toBe(200);
    expect(pub.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const reader = t.app.get(BlacklistReader);
    expect((await reader.activeListings(null, ent.id, today())).map((l) => l.id)).toEqual([id]);
    expect((await reader.activeListingsMany([ent.id], today())).get(ent.id)).toHaveLength(1);

    // Three years and a day later, before the daily job has run:
    await backdate(t, id, 3 * 366);
    const stale: Reply<Ok<'/api/v1/listings/{id}'>> = await officer.get(`/api/v1/listings/${id}`);
    expect(stale.body).toMatchObject({ status: 'expired', recordedStatus: 'listed', removal: { kind: 'expiry', recorded: false } });
    expect(await reader.activeListings(null, ent.id, today())).toEqual([]);
    expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get(`/api/v1/public/listings?enterprise=${ent.code}`)).items).toEqual([]);
    const byStatus: Reply<Ok<'/api/v1/listings'>> = await officer.get(`/api/v1/listings?enterprise=${ent.code}&status=expired`);
    expect(byStatus.body.items.map((i: { id: string }) => i.id)).toEqual([id]);

    const run: Reply<Ok<'/api/v1/listings/expiry-run', 'post'>> = await reviewer.post('/api/v1/listings/expiry-run').send({});
    expect(run.status).toBe(200);
    expect(run.body.expired).toContain(id);
    const after: Reply<Ok<'/api/v1/listings/{id}'>> = await officer.get(`/api/v1/listings/${id}`);
    expect(after.body).toMatchObject({ status: 'expired', recordedStatus: 'expired', removal: { kind: 'expiry' } });
    expect(after.body.history.map((h: { action: string }) => h.action)).toEqual(['propose', 'notify', 'record_statement', 'decide', 'expire']);
    expect(after.body.statements).toHaveLength(1);
  });

  it('refuses a decision by the proposer (four eyes) and by a role without the permission', async () => {
    const ent = await registerEnterprise(t);
    const { agent: admin } = await userWithRoles(t, ['officer', 'reviewer']); // one person holding propose and decide
    const id = body<Ok<'/api/v1/listings', 'post'>>(await admin.post('/api/v1/listings').send(proposal(ent.code))).id;
    await admin.post(`/api/v1/listings/${id}/notify`).send({});
    await admin.post(`/api/v1/listings/${id}/statements`).send({ kind: 'waiver', summary: '放弃' });

    const own: Reply<Problem> = await admin.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('BLACKLIST.FOUR_EYES');
    const ownDrop = await admin.post(`/api/v1/listings/${id}/drop`).send({ reason: '自己撤回' });
    expect(ownDrop.status).toBe(403);

    const officer = await t.as('officer');
    const noRight: Reply<Problem> = await officer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(noRight.status).toBe(403);
    expect(noRight.body.code).toBe('AUTH.FORBIDDEN');

    const reviewer = await t.as('reviewer');
    expect((await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision())).status).toBe(200);
  });

  it('allows the decision from the day after the statement deadline', async () => {
    const ent = await registerEnterprise(t);
    const officer = await t.as('officer');
    const reviewer = await t.as('reviewer');
    const id = body<Ok<'/api/v1/listings', 'post'>>(await officer.post('/api/v1/listings').send(proposal(ent.code))).id;
    await officer.post(`/api/v1/listings/${id}/notify`).send({});

    await backdate(t, id, 10); // the deadline is today: still the enterprise's day
    const onDeadline = await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(onDeadline.status).toBe(422);

    await backdate(t, id, 1);
    const queue: Reply<Ok<'/api/v1/listings'>> = await reviewer.get('/api/v1/listings?queue=deadline_passed&limit=200');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const ok = await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(ok.status).toBe(200);

    const twice: Reply<Problem> = await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision());
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('BLACKLIST.INVALID_STATE');
  });

  it('drops a proposal with a reason (不予列入); nothing is published', async () => {
    const ent = await registerEnterprise(t);
    const id = await readyToDecide(t, ent.code);
    const reviewer = await t.as('reviewer');
    const dropped: Reply<Ok<'/api/v1/listings/{id}/drop', 'post'>> = await reviewer.post(`/api/v1/listings/${id}/drop`).send({ reason: '证据不足，不予列入' });
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ status: 'dropped', drop: { reason: '证据不足，不予列入' } });
    expect((await reviewer.post(`/api/v1/listings/${id}/decide`).send(decision())).status).toBe(409);
    expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get(`/api/v1/public/listings?enterprise=${ent.code}`)).items).toEqual([]);
  });

  it('removes early by credit repair: refused before a year, refused with a new heavier penalty, then approved', async () => {
    const officer = await t.as('officer');
    const reviewer = await t.as('reviewer');
    const repair = { penaltiesFulfilled: true, harmRemedied: true, pledgeFiled: true, statement: '已缴清罚款并完成整改' };

    const ent = await registerEnterprise(t);
    const id = await listed(t, ent.code);
    const tooEarly: Reply<Problem> = await officer.post(`/api/v1/listings/${id}/repair-applications`).send(repair);
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body).toMatchObject({ code: 'BLACKLIST.REPAIR_NOT_ELIGIBLE', unmet: ['listed_long_enough'], eligibleFrom: addYears(today(), 1) });

    await backdate(t, id, 400);
    const noPledge: Reply<Problem> = await officer.post(`/api/v1/listings/${id}/repair-applications`).send({ ...repair, pledgeFiled: false });
    expect(noPledge.body.unmet).toEqual(['pledge_filed']);

    const applied: Reply<Ok<'/api/v1/listings/{id}/repair-applications', 'post'>> = await officer
      .post(`/api/v1/listings/${id}/repair-applications`)
      .send(repair);
    expect(applied.status).toBe(201);
    expect(applied.body.status).toBe('pending');
    const again: Reply<Problem> = await officer.post(`/api/v1/listings/${id}/repair-applications`).send(repair);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BLACKLIST.REPAIR_ALREADY_PENDING');
    const queue: Reply<Ok<'/api/v1/listings'>> = await reviewer.get('/api/v1/listings?queue=repair_pending&limit=200');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const refuseNoReason = await reviewer.post(`/api/v1/listings/${id}/repair-applications/${applied.body.id}/decide`).send({ approve: false });
    expect(refuseNoReason.status).toBe(400);
    const approved: Reply<Ok<'/api/v1/listings/{id}/repair-applications/{applicationId}/decide', 'post'>> = await reviewer
      .post(`/api/v1/listings/${id}/repair-applications/${applied.body.id}/decide`)
      .send({ approve: true });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after: Reply<Ok<'/api/v1/listings/{id}'>> = await officer.get(`/api/v1/listings/${id}`);
    expect(after.body).toMatchObject({ status: 'repaired', removal: { kind: 'repair', endedOn: today() } });
    expect(await t.app.get(BlacklistReader).activeListings(null, ent.id, today())).toEqual([]);
    expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get(`/api/v1/public/listings?enterprise=${ent.code}`)).items).toEqual([]);

    // Another enterprise, listed over a year, with a new heavier penalty in the credit records.
    const other = await registerEnterprise(t);
    const otherId = await listed(t, other.code);
    await backdate(t, otherId, 400);
    const registrar = await t.as('registrar');
    const penalty = await registrar.post(`/api/v1/enterprises/${other.code}/credit-records`).send({
      categoryCode: 'penalty_heavier',
      occurredOn: addDays(today(), -10),
      documentNumber: `测罚〔2026〕${otherId.slice(0, 4)}号`,
      issuingDepartment: '厦门市市场监督管理局',
      legalBasis: '《中华人民共和国产品质量法》第四十九条',
    });
    expect(penalty.status).toBe(201);
    const refused: Reply<Problem> = await officer.post(`/api/v1/listings/${otherId}/repair-applications`).send(repair);
    expect(refused.status).toBe(422);
    expect(refused.body.unmet).toEqual(['no_new_heavier_penalty']);
  });

  it('keeps four eyes on repair: the handler cannot decide their own application', async () => {
    const ent = await registerEnterprise(t);
    const id = await listed(t, ent.code);
    await backdate(t, id, 400);
    const { agent: admin } = await userWithRoles(t, ['officer', 'reviewer']); // handles and decides
    const applied: Reply<Ok<'/api/v1/listings/{id}/repair-applications', 'post'>> = await admin.post(`/api/v1/listings/${id}/repair-applications`).send({
      penaltiesFulfilled: true,
      harmRemedied: true,
      pledgeFiled: true,
      statement: '申请修复',
    });
    expect(applied.status).toBe(201);
    const own: Reply<Problem> = await admin.post(`/api/v1/listings/${id}/repair-applications/${applied.body.id}/decide`).send({ approve: true });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('BLACKLIST.FOUR_EYES');
    const reviewer = await t.as('reviewer');
    const refused: Reply<Ok<'/api/v1/listings/{id}/repair-applications/{applicationId}/decide', 'post'>> = await reviewer
      .post(`/api/v1/listings/${id}/repair-applications/${applied.body.id}/decide`)
      .send({ approve: false, refusalReason: '罚款尚未缴清' });
    expect(refused.body).toMatchObject({ status: 'refused', refusalReason: '罚款尚未缴清' });
    expect(body<Ok<'/api/v1/listings/{id}'>>(await admin.get(`/api/v1/listings/${id}`)).status).toBe('listed');
  });

  it('revokes: restricts no more from today on, while the past still reads as listed', async () => {
    const ent = await registerEnterprise(t);
    const id = await listed(t, ent.code);
    await backdate(t, id, 30);
    const reviewer = await t.as('reviewer');
    const proposed: Reply<Ok<'/api/v1/listings/{id}/revoke', 'post'>> = await reviewer
      .post(`/api/v1/listings/${id}/revoke`)
      .send({ reason: '据以列入的处罚决定已被撤销' });
    expect(proposed.status).toBe(202);
    expect(body<Ok<'/api/v1/listings/{id}'>>(await reviewer.get(`/api/v1/listings/${id}`)).status).toBe('listed'); // restricts until a second reviewer approves
    expect(body<Problem>(await reviewer.post(`/api/v1/listings/${id}/revoke/approve`)).code).toBe('BLACKLIST.FOUR_EYES');
    expect((await (await t.asUser('reviewer2')).post(`/api/v1/listings/${id}/revoke/approve`)).status).toBe(200);
    const revoked: Reply<Ok<'/api/v1/listings/{id}'>> = await reviewer.get(`/api/v1/listings/${id}`);
    expect(revoked.body).toMatchObject({ status: 'revoked', removal: { kind: 'revocation', endedOn: today() } });
    expect(revoked.body.revocationProposals).toMatchObject([{ status: 'approved', proposedByName: 'reviewer', decidedByName: 'reviewer2' }]);
    const reader = t.app.get(BlacklistReader);
    expect(await reader.activeListings(null, ent.id, today())).toEqual([]);
    expect((await reader.activeListings(null, ent.id, addDays(today(), -5))).map((l) => l.id)).toEqual([id]);
    expect(body<Ok<'/api/v1/public/listings'>>(await t.http().get(`/api/v1/public/listings?enterprise=${ent.code}`)).items).toEqual([]);
    expect((await reviewer.post(`/api/v1/listings/${id}/revoke`).send({ reason: '再次' })).status).toBe(409);
    const detail: Reply<Ok<'/api/v1/listings/{id}'>> = await reviewer.get(`/api/v1/listings/${id}`);
    expect(detail.body.decision).toMatchObject({ startDate: addDays(today(), -30) });
  });

  it('shows the public only published, active listings, without personal data, page by page', async () => {
    const a = await registerEnterprise(t, { name: '王秘密', idNumber: '350203197001101005' });
    const b = await registerEnterprise(t);
    const aId = await listed(t, a.code);
    const bId = await listed(t, b.code);
    const proposedOnly = await registerEnterprise(t);
    await readyToDecide(t, proposedOnly.code);

    const first: Reply<Ok<'/api/v1/public/listings'>> = await t.http().get('/api/v1/public/listings?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second: Reply<Ok<'/api/v1/public/listings'>> = await t.http().get(`/api/v1/public/listings?limit=1&cursor=${first.body.nextCursor}`);
    expect(defined(second.body.items[0], 'the second page').id).not.toBe(defined(first.body.items[0], 'the first page').id);

    const all: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/public/listings?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const ids = all.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([aId, bId]));
    expect(new Set(ids).size).toBe(ids.length);

    const item = all.find((i) => i.id === aId)!;
    expect(Object.keys(item).sort()).toEqual(
      [
        'consentDate',
        'decidingAuthority',
        'decisionNumber',
        'enterprise',
        'id',
        'legalBasis',
        'listType',
        'listTypeName',
        'plannedEndDate',
        'reason',
        'startDate',
      ].sort(),
    );
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/王秘密|idHash|legalRep|350203197001101005|proposedBy/);
    const none: Reply<Ok<'/api/v1/public/listings'>> = await t.http().get(`/api/v1/public/listings?enterprise=${proposedOnly.code}`);
    expect(none.body.items).toEqual([]);
  });

  it('ships demo listings in every workflow state, and seeding twice adds nothing', async () => {
    const states = async () =>
      await db(t).query<{ key: string; status: string; pending: boolean }[]>(
        `SELECT l.penalty_document_number AS key, l.status,
                EXISTS (SELECT 1 FROM blacklist.repair_applications r WHERE r.listing_id = l.id AND r.status = 'pending') AS pending
           FROM blacklist.listings l WHERE l.penalty_document_number LIKE 'DEMO-BL-%' ORDER BY 1`,
      );
    const before = await states();
    expect(new Set(before.map((r) => r.status))).toEqual(new Set(['proposed', 'notified', 'listed', 'dropped', 'repaired', 'expired', 'revoked']));
    expect(before.some((r) => r.pending)).toBe(true);
    await seedDemoBlacklist(t.app);
    expect(await states()).toEqual(before);
    const officer = await t.as('officer');
    for (const queue of ['awaiting_notice', 'awaiting_decision', 'deadline_passed', 'repair_pending']) {
      expect(body<Ok<'/api/v1/listings'>>(await officer.get(`/api/v1/listings?queue=${queue}`)).items.length).toBeGreaterThan(0);
    }
    const pub: Reply<Ok<'/api/v1/public/listings'>> = await t.http().get('/api/v1/public/listings?limit=100');
    expect(pub.body.items.length).toBeGreaterThan(0);
  });

  it('answers problems, not 500s, for bad input', async () => {
    const officer = await t.as('officer');
    const unknownField = await officer.post('/api/v1/listings').send({ ...proposal('91350200776049653A'), extra: 1 });
    expect(unknownField.status).toBe(400);
    const noEnterprise: Reply<Problem> = await officer.post('/api/v1/listings').send(proposal('91350200MA31E12PXF'));
    expect([422]).toContain(noEnterprise.status);
    expect(noEnterprise.body.code).toBe('BLACKLIST.ENTERPRISE_NOT_FOUND');
    const ent = await registerEnterprise(t);
    const badType: Reply<Problem> = await officer.post('/api/v1/listings').send(proposal(ent.code, { listType: 'no_such_list' }));
    expect(badType.body.code).toBe('BLACKLIST.LIST_TYPE_UNKNOWN');
    expect((await officer.get('/api/v1/listings/not-a-uuid')).status).toBe(400);
    expect(body<Problem>(await officer.get('/api/v1/listings/00000000-0000-4000-8000-000000000000')).code).toBe('BLACKLIST.LISTING_NOT_FOUND');
    expect((await officer.get('/api/v1/listings?cursor=garbage')).status).toBe(400);
    expect((await t.http().get('/api/v1/listings')).status).toBe(401);
  });
});
