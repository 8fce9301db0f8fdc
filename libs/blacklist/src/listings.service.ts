import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesGrant, SeparationOfDuties } from '#qcr/access';
import { CreditRecordsService } from '#qcr/credit-records';
import { EnterprisesService, type EnterpriseRef, invalidCodeProblem } from '#qcr/enterprises';
import { type Actor, inTransaction, Permission, problem, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { BlacklistProblems } from './blacklist.problems.js';
import { drop as dropStep, notify as notifyStep, recordStatement as statementStep } from './listing.aggregate.js';
import type { ListingRow } from './listing-rows.js';
import { ListingTransitions } from './listing-transitions.js';
import type { ListingReasonDto, NotifyListingDto, ProposeListingDto, RecordStatementDto } from './listings.dto.js';
import { ListingsRepository } from './listings.repository.js';
import { type StaffListingView, toStaffView } from './listing.views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entry onto the list up to the decision (拟列入 → 告知 → 陈述 → 不予列入); the decision itself is ListingDecisions,
 * the reads ListingQueries. Each step is the aggregate's (listing.aggregate.ts), persisted by ListingTransitions.
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
    const step = notifyStep(before, { by: actor, today, at: stamp(today), noticeDate: dto.noticeDate, statementDays: dto.statementDays });
    await inTransaction(this.dataSource, (em) => this.transitions.apply(em, actor, before, step, today));
    return this.view(actor, id, today);
  }

  /** 陈述、申辩、听证申请, or the enterprise's waiver, recorded against a notified proposal. */
  async recordStatement(actor: Actor, id: string, dto: RecordStatementDto, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.load(id, today);
    const step = statementStep(before, { today, kind: dto.kind, receivedOn: dto.receivedOn, summary: dto.summary });
    await inTransaction(this.dataSource, async (em) => {
      await this.transitions.apply(em, actor, before, step, today);
      await this.repo.insertStatement(em, {
        listingId: id,
        kind: dto.kind,
        receivedOn: String(step.event.details.receivedOn),
        summary: dto.summary,
        by: actor.id,
        byName: actor.name,
      });
    });
    return this.view(actor, id, today);
  }

  /** 不予列入: the alternative decision, by the same rule of four eyes. */
  async drop(actor: Actor, id: string, dto: ListingReasonDto, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.load(id, today);
    const step = dropStep(before, { by: actor, today, at: stamp(today), reason: dto.reason });
    await this.sod.assertIndependent(this.dataSource, actor, before.proposed_by); // issue 13 §6: nor an account the proposer made
    await inTransaction(this.dataSource, (em) => this.transitions.apply(em, actor, before, step, today));
    return this.view(actor, id, today);
  }

  private async view(actor: Actor, id: string, today: string): Promise<StaffListingView> {
    return toStaffView((await this.repo.find(null, id, today))!, showsPersonalData(actor));
  }

  private async load(id: string, today: string): Promise<ListingRow> {
    const row = await this.repo.find(null, id, today);
    if (!row) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
    return row;
  }
}

export function showsPersonalData(actor: Actor): boolean {
  return rolesGrant(actor.roles, Permission.PersonalDataRead);
}

/** The moment of a step: now, or a time on the replayed day when the demo seed replays a past case. */
export function stamp(today: string): Date {
  return today === todayInChina() ? new Date() : new Date(`${today}T10:00:00+08:00`);
}
