import { Injectable } from '@nestjs/common';
import { ListingRevocations } from './listing-revocations.service.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesGrant, SeparationOfDuties } from '#qcr/access';
import { CreditRecordsService } from '#qcr/credit-records';
import { EnterprisesService, type EnterpriseRef, invalidCodeProblem, personDocumentOrProblem, PersonRegistry } from '#qcr/enterprises';
import {
  type Actor,
  CommonProblems,
  decodeCursor,
  encodeCursor,
  enterpriseGradeLockSql,
  markEnterpriseGradeLocked,
  fieldProblem,
  inTransaction,
  type Page,
  Permission,
  problem,
  todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { PersonDocument, PersonRole } from '#qcr/enterprises';
import { BlacklistProblems } from './blacklist.problems.js';
import { decisionAllowedFrom, mayDecideOn, plannedEndDate, statementDeadline } from './listing-rules.js';
import { ListingTransitions } from './listing-transitions.js';
import {
  type DecideListingDto,
  type ListingQueryDto,
  type NotifyListingDto,
  type ProposeListingDto,
  type PublicListingQueryDto,
  type ListingReasonDto,
  type RecordStatementDto,
} from './listings.dto.js';
import { type ListingRow, ListingsRepository } from './listings.repository.js';
import type { DecidingAuthority } from './jurisdiction/listing-jurisdiction.js';
import {
  type PublicListingView,
  type StaffListingView,
  toEventView,
  toPublicView,
  toRepairView,
  toStaffView,
  toStatementView,
} from './listing.views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entry onto the list (拟列入 → 告知 → 决定列入 / 不予列入) and revocation (撤销).
 * `today` is a parameter only so the demo seed can replay a past case; HTTP callers never set it.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ListingsRepository,
    private readonly transitions: ListingTransitions,
    private readonly enterprises: EnterprisesService,
    private readonly credit: CreditRecordsService,
    private readonly sod: SeparationOfDuties,
    private readonly revocations: ListingRevocations,
    private readonly persons: PersonRegistry,
  ) {}

  /** A code (USCC or organisation code) or an enterprise id → the registered enterprise, or null. */
  async findEnterprise(ref: string): Promise<EnterpriseRef | null> {
    return UUID.test(ref) ? this.enterprises.getRef(ref) : this.enterprises.resolve(ref);
  }

  async propose(actor: Actor, dto: ProposeListingDto, today = todayInChina()): Promise<StaffListingView> {
    const enterprise = await this.findEnterprise(dto.enterprise);
    if (!enterprise) {
      // A malformed code is named as such (issue 14), like every other lookup by code; a well-formed unknown one is 422.
      const malformed = UUID.test(dto.enterprise) ? null : invalidCodeProblem(dto.enterprise, 'enterprise');
      throw malformed ?? problem(BlacklistProblems.enterpriseNotFound, `no registered enterprise for ${dto.enterprise}`);
    }
    const listType = await this.repo.listType(null, dto.listType);
    if (!listType?.active) throw problem(BlacklistProblems.listTypeUnknown, `list type ${dto.listType} is not available`);
    if (dto.penaltyDecidedOn > today) throw problem(BlacklistProblems.invalidDate, 'penaltyDecidedOn lies in the future');

    const id = await inTransaction(this.dataSource, async (em) => {
      // The person responsible at the time of listing; restrictions on holding office follow them (§7).
      const legalRep = await this.enterprises.legalRepresentative(em, enterprise.id);
      // Does the registry know a heavier penalty on or after the cited decision? Shown to the reviewer, not a bar.
      const onRecord = (await this.credit.heavierPenaltiesSince(em, enterprise.id, dto.penaltyDecidedOn)) > 0;
      const id = await this.repo.insert(em, {
        enterprise_id: enterprise.id,
        enterprise_name: enterprise.name,
        enterprise_uscc: enterprise.uscc,
        enterprise_org_code: enterprise.orgCode,
        enterprise_region_code: enterprise.regionCode,
        list_type: listType.code,
        status: 'proposed',
        reason: dto.reason,
        legal_basis: dto.legalBasis,
        penalty_document_number: dto.penaltyDocumentNumber,
        penalty_decided_on: dto.penaltyDecidedOn,
        penalty_authority: dto.penaltyAuthority,
        penalty_on_record: onRecord,
        legal_rep_name: legalRep?.name ?? null,
        legal_rep_id_hash: legalRep?.idHash ?? null,
        legal_rep_key_id: legalRep?.keyId ?? null,
        legal_rep_version: legalRep?.version ?? null,
        proposed_by: actor.id,
        proposed_by_name: actor.name,
        proposed_at: stamp(today),
      });
      const after = (await this.repo.find(em, id, today))!;
      await this.transitions.record(em, actor, null, after, 'propose', { penaltyOnRecord: onRecord }, dto.reason);
      return id;
    });
    return this.view(actor, id, today);
  }

  async notify(actor: Actor, id: string, dto: NotifyListingDto, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.load(id, today);
    const noticeDate = dto.noticeDate ?? today;
    if (noticeDate > today) throw problem(BlacklistProblems.invalidDate, 'noticeDate lies in the future');
    if (noticeDate < todayInChina(before.proposed_at)) {
      throw problem(BlacklistProblems.invalidDate, 'noticeDate precedes the proposal');
    }
    // the statement period the listing was proposed under (a later list-type edit applies to new listings only)
    const days = dto.statementDays ?? before.type_statement_days;
    const deadline = statementDeadline(noticeDate, days);
    await inTransaction(this.dataSource, (em) =>
      this.transitions.apply(
        em,
        actor,
        before,
        'notify',
        { notice_date: noticeDate, statement_deadline: deadline, notified_by: actor.id, notified_at: stamp(today) },
        { today, details: { noticeDate, statementDays: days, statementDeadline: deadline } },
      ),
    );
    return this.view(actor, id, today);
  }

  /** 陈述、申辩、听证申请, or the enterprise's waiver, recorded against a notified proposal. */
  async recordStatement(actor: Actor, id: string, dto: RecordStatementDto, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.load(id, today);
    const receivedOn = dto.receivedOn ?? today;
    if (receivedOn > today) throw problem(BlacklistProblems.invalidDate, 'receivedOn lies in the future');
    if (before.notice_date && receivedOn < before.notice_date) throw problem(BlacklistProblems.invalidDate, 'receivedOn precedes the notice');
    await inTransaction(this.dataSource, async (em) => {
      const sets = dto.kind === 'waiver' ? { statement_waived: true } : {};
      await this.transitions.apply(em, actor, before, 'record_statement', sets, {
        today,
        details: { kind: dto.kind, receivedOn, summary: dto.summary },
      });
      await this.repo.insertStatement(em, { listingId: id, kind: dto.kind, receivedOn, summary: dto.summary, by: actor.id, byName: actor.name });
    });
    return this.view(actor, id, today);
  }

  /**
   * 决定列入: a reviewer other than the proposer, after the statement period (or its waiver). Issue 21: one transaction
   * — the listing read FOR UPDATE with its list type, the four-eyes tie check and the enterprise's grade lock; the
   * step (update, history, audit) in one statement; the regrade — so `before` is the row as it stands under the lock.
   * `authority`: the acting user's authority (ListingJurisdiction.forDecision, issue 24); without one (system actors:
   * the demo seed) the DTO names it. When its level needs the upper level's consent the decision waits for it.
   */
  async decide(
    actor: Actor, id: string, dto: DecideListingDto, today = todayInChina(), authority: DecidingAuthority | null = null,
  ): Promise<StaffListingView> {
    const decidingAuthority = authority?.name ?? dto.decidingAuthority;
    if (!decidingAuthority) throw problem(CommonProblems.validation, 'decidingAuthority is required', [fieldProblem('decidingAuthority', 'required', 'name the deciding authority')]);
    const awaitsConsent = authority?.consentRequired === true;
    const named = (dto.responsiblePersons ?? []).map((p, i) => ({
      doc: personDocumentOrProblem(p.idType, p.idNumber, `responsiblePersons[${i}].idNumber`, `responsiblePersons[${i}].idType`),
      role: p.role,
      name: p.name.trim(),
    }));
    const after = await inTransaction(this.dataSource, async (em) => {
      const before = await this.repo.findForUpdate<{ duration_years: number; sod_tie: { created: boolean; granted: boolean } | null; grade_lock: unknown }>(
        em, id, today,
        { duration_years: 't.duration_years', sod_tie: this.sod.tieSql('$3', 'l.proposed_by'), grade_lock: enterpriseGradeLockSql('l.enterprise_id') },
        [actor.id],
      );
      if (!before) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
      if (before.status !== 'notified') throw problem(BlacklistProblems.invalidState, `listing is ${before.status}, not notified`);
      if (actor.id === before.proposed_by) throw problem(BlacklistProblems.fourEyes, 'the officer who proposed this listing cannot decide it');
      this.sod.assertNoTie(actor, before.sod_tie);
      if (!mayDecideOn(today, before.statement_deadline!, before.statement_waived, before.notice_date!)) {
        const from = decisionAllowedFrom(before.statement_deadline!, before.statement_waived, before.notice_date!);
        throw problem(BlacklistProblems.statementPeriodOpen, `the statement period runs to ${before.statement_deadline}; a decision is possible from ${from}`, [], {
          decisionAllowedFrom: from,
        });
      }
      const startDate = dto.startDate ?? today;
      if (startDate < today) throw problem(BlacklistProblems.invalidDate, 'startDate may not lie before the decision');
      const plannedEnd = plannedEndDate(startDate, before.type_duration_years); // the term it was proposed under (issue 16)
      // 报经上一级同意: the dates come with the consent (ListingConsents), the decision waits without them
      const dates = awaitsConsent
        ? { consent_authority_id: authority!.parentId, requested_start_date: dto.startDate ?? null }
        : { start_date: startDate, planned_end_date: plannedEnd };
      markEnterpriseGradeLocked(em, before.enterprise_id); // the regrade the decision triggers need not take it again
      const { duration_years: _d, sod_tie: _s, grade_lock: _g, ...row } = before;
      const responsiblePersons = await this.recordResponsiblePersons(em, before.enterprise_id, id, today, named); // issue 18: one statement
      return this.transitions.applyLocked(
        em,
        actor,
        row,
        awaitsConsent ? 'decide_pending_consent' : 'decide',
        {
          decision_number: dto.decisionNumber,
          deciding_authority: decidingAuthority,
          deciding_authority_id: authority?.id ?? null,
          ...dates,
          decided_by: actor.id,
          decided_by_name: actor.name,
          decided_at: stamp(today),
        },
        { today, details: { decisionNumber: dto.decisionNumber, decidingAuthority, startDate, plannedEndDate: plannedEnd, awaitsConsent, responsiblePersons } },
      );
    });
    return toStaffView(after, showsPersonalData(actor));
  }

  /**
   * Issue 18: the persons a decision names, and the enterprise's legal representative on the decision date
   * (enterprises.officers_on, the enterprises context's published lookup), recorded on the listing in one
   * statement; returns what the audit entry keeps of them — person ids and roles, never a number or a digest.
   */
  private async recordResponsiblePersons(
    em: EntityManager,
    enterpriseId: string,
    listingId: string,
    today: string,
    named: { doc: PersonDocument; role: string; name: string }[],
  ): Promise<{ personId: string; role: string }[]> {
    const extra: { personId: string; role: string }[] = [];
    for (const n of named) extra.push({ personId: await this.persons.ensure(em, n.doc, n.name), role: n.role as PersonRole });
    const rows: { personId: string; role: string }[] = await em.query(
      `WITH chosen AS (
         SELECT person_id, role FROM enterprises.officers_on($2::uuid, $3::date) WHERE role = 'legal_representative'
         UNION SELECT * FROM unnest($4::uuid[], $5::text[]))
       INSERT INTO blacklist.listing_persons (listing_id, person_id, role) SELECT $1, person_id, role FROM chosen
       ON CONFLICT DO NOTHING RETURNING person_id AS "personId", role`,
      [listingId, enterpriseId, today, extra.map((e) => e.personId), extra.map((e) => e.role)],
    );
    return rows.sort((a, b) => (a.role === b.role ? (a.personId < b.personId ? -1 : 1) : a.role < b.role ? -1 : 1));
  }

  /** 不予列入: the alternative decision, by the same rule of four eyes. */
  async drop(actor: Actor, id: string, dto: ListingReasonDto, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.load(id, today);
    await this.assertSecondPerson(actor, before.proposed_by, 'the officer who proposed this listing cannot decide it');
    await inTransaction(this.dataSource, (em) =>
      this.transitions.apply(em, actor, before, 'drop', { drop_reason: dto.reason, dropped_by: actor.id, dropped_at: stamp(today) }, {
        today,
        reason: dto.reason,
      }),
    );
    return this.view(actor, id, today);
  }

  async get(actor: Actor, id: string, today = todayInChina()) {
    const row = await this.load(id, today);
    const [statements, repairs, history, revocations] = await Promise.all([
      this.repo.statements(id), this.repo.repairs(id), this.repo.events(id), this.revocations.history(id),
    ]);
    return {
      ...toStaffView(row, showsPersonalData(actor)),
      statements: statements.map(toStatementView),
      repairApplications: repairs.map(toRepairView),
      /** two-person revocation proposals (issue 13 §6), open and decided */
      revocationProposals: revocations,
      history: history.map(toEventView),
    };
  }

  async list(actor: Actor, q: ListingQueryDto, today = todayInChina()): Promise<Page<StaffListingView>> {
    const limit = q.limit ?? 50;
    let enterpriseId: string | undefined;
    if (q.enterprise) {
      const enterprise = await this.findEnterprise(q.enterprise);
      if (!enterprise) return { items: [], nextCursor: null };
      enterpriseId = enterprise.id;
    }
    const cursor = decodeCursor(q.cursor, ['int']);
    const rows = await this.repo.list({
      status: q.status,
      enterpriseId,
      listType: q.listType,
      queue: q.queue,
      regionPrefix: q.regionPrefix,
      afterSeq: cursor ? String(cursor[0]) : undefined,
      limit,
      today,
    });
    const pd = showsPersonalData(actor);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toStaffView(r, pd)),
      nextCursor: rows.length > limit ? encodeCursor([String(page[page.length - 1].seq)]) : null,
    };
  }

  /** 公示: active, published listings; fields for the public only. */
  async listPublic(q: PublicListingQueryDto, today = todayInChina()): Promise<Page<PublicListingView>> {
    const limit = q.limit ?? 20;
    let enterpriseId: string | undefined;
    if (q.enterprise) {
      const enterprise = await this.enterprises.resolve(q.enterprise);
      if (!enterprise) return { items: [], nextCursor: null };
      enterpriseId = enterprise.id;
    }
    if (q.from && q.to && q.from > q.to) {
      throw problem(CommonProblems.validation, 'from is after to', [{ field: 'from', rule: 'notAfterTo', message: 'from must be on or before to' }]);
    }
    const cursor = decodeCursor(q.cursor, ['date', 'int']);
    if (cursor && !(typeof cursor[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cursor[0]) && /^\d+$/.test(String(cursor[1])))) {
      throw problem(CommonProblems.validation, 'cursor is not one this API issued');
    }
    const rows = await this.repo.listPublic({
      enterpriseId,
      listType: q.listType,
      region: q.region,
      from: q.from,
      to: q.to,
      after: cursor ? [String(cursor[0]), String(cursor[1])] : undefined,
      limit,
      today,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toPublicView), nextCursor: rows.length > limit ? encodeCursor([last.start_date, String(last.seq)]) : null };
  }

  private async view(actor: Actor, id: string, today: string): Promise<StaffListingView> {
    return toStaffView((await this.repo.find(null, id, today))!, showsPersonalData(actor));
  }

  private async load(id: string, today: string): Promise<ListingRow> {
    const row = await this.repo.find(null, id, today);
    if (!row) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
    return row;
  }

  /** Four eyes (DOMAIN.md §2): not the proposer, nor an account the proposer just created or granted (issue 13 §6). */
  private async assertSecondPerson(actor: Actor, proposerId: string, detail: string): Promise<void> {
    if (actor.id === proposerId) throw problem(BlacklistProblems.fourEyes, detail);
    await this.sod.assertIndependent(this.dataSource, actor, proposerId);
  }
}

export function showsPersonalData(actor: Actor): boolean {
  return rolesGrant(actor.roles, Permission.PersonalDataRead);
}

/** The moment of a step: now, or a time on the replayed day when the demo seed replays a past case. */
export function stamp(today: string): Date {
  return today === todayInChina() ? new Date() : new Date(`${today}T10:00:00+08:00`);
}
