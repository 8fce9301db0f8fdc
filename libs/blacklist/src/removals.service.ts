import { Injectable, Logger } from '@nestjs/common';
import { SeparationOfDuties } from '#qcr/access';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { CreditRecordsService } from '#qcr/credit-records';
import { type Actor, CommonProblems, inTransaction, isPgError, PG, problem, systemActor, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { BlacklistProblems } from './blacklist.problems.js';
import { newPenaltiesSince, type RepairEligibility, repairEligibility } from './listing-rules.js';
import { expire, repair } from './listing.aggregate.js';
import { ListingTransitions } from './listing-transitions.js';
import type { ApplyRepairDto, DecideRepairDto } from './listings.dto.js';
import type { ListingRow } from './listing-rows.js';
import { ListingsRepository } from './listings.repository.js';
import { RepairApplications } from './repair-applications.repository.js';
import { stamp } from './listings.service.js';
import { type RepairView, toRepairView } from './listing.views.js';

const REPAIR_ENTITY = 'blacklist.repair-application';

/**
 * Removal from the list other than revocation: expiry (期满移出) and early removal by credit
 * repair (信用修复), each its own recorded decision.
 */
@Injectable()
export class RemovalsService {
  private readonly logger = new Logger('BlacklistRemovals');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ListingsRepository,
    private readonly repairs: RepairApplications,
    private readonly transitions: ListingTransitions,
    private readonly audit: AuditLog,
    private readonly credit: CreditRecordsService,
    private readonly sod: SeparationOfDuties,
  ) {}

  /** The conditions as the registry knows them today, including new heavier penalties from credit records. */
  async eligibility(
    em: EntityManager | null,
    listing: ListingRow,
    facts: Pick<ApplyRepairDto, 'penaltiesFulfilled' | 'harmRemedied' | 'pledgeFiled'>,
    today: string,
  ): Promise<RepairEligibility & { newHeavierPenalties: number }> {
    const newHeavierPenalties = await this.credit.heavierPenaltiesSince(em, listing.enterprise_id, newPenaltiesSince(listing.penalty_decided_on));
    return {
      ...repairEligibility({
        today,
        startDate: listing.start_date!,
        minListedYears: listing.type_repair_min_years, // as proposed (list-type edits apply to new listings)
        penaltiesFulfilled: facts.penaltiesFulfilled,
        harmRemedied: facts.harmRemedied,
        pledgeFiled: facts.pledgeFiled,
        newHeavierPenalties,
      }),
      newHeavierPenalties,
    };
  }

  /** An officer (the handler) files the application; refused at once when a condition is plainly unmet. */
  async applyRepair(actor: Actor, listingId: string, dto: ApplyRepairDto, today = todayInChina()): Promise<RepairView> {
    const listing = await this.load(listingId, today);
    if (listing.effective_status !== 'listed') throw problem(BlacklistProblems.invalidState, `listing is ${listing.effective_status}, not listed`);
    const check = await this.eligibility(null, listing, dto, today);
    if (!check.eligible) {
      throw problem(BlacklistProblems.repairNotEligible, `unmet: ${check.unmet.join(', ')}`, [], { unmet: check.unmet, eligibleFrom: check.eligibleFrom });
    }
    try {
      const id = await inTransaction(this.dataSource, async (em) => {
        const id = await this.repairs.insert(em, {
          listing_id: listingId,
          status: 'pending',
          applied_on: today,
          penalties_fulfilled: dto.penaltiesFulfilled,
          harm_remedied: dto.harmRemedied,
          pledge_filed: dto.pledgeFiled,
          pledge_reference: dto.pledgeReference ?? null,
          statement: dto.statement,
          eligibility: JSON.stringify(check),
          handled_by: actor.id,
          handled_by_name: actor.name,
          created_at: stamp(today),
        });
        await this.repo.recordEvent(em, {
          listingId,
          action: 'repair_apply',
          from: listing.status,
          to: listing.status,
          actorId: actor.id,
          actorName: actor.name,
          details: { repairApplicationId: id, eligibility: check },
        });
        await this.audit.record(em, actor, {
          action: 'repair.apply',
          entityType: REPAIR_ENTITY,
          entityId: id,
          before: null,
          after: { listingId, status: 'pending', eligibility: check },
          reason: dto.statement,
        });
        return id;
      });
      return toRepairView((await this.repairs.find(null, id))!);
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation))
        throw problem(BlacklistProblems.repairAlreadyPending, `listing ${listingId} already has a pending repair application`);
      throw err;
    }
  }

  /**
   * A reviewer other than the handler decides. Approval re-checks the conditions as of today
   * (a heavier penalty may have arrived meanwhile) and ends the listing today.
   */
  async decideRepair(actor: Actor, listingId: string, applicationId: string, dto: DecideRepairDto, today = todayInChina()): Promise<RepairView> {
    const application = await this.repairs.find(null, applicationId);
    if (!application || application.listing_id !== listingId)
      throw problem(BlacklistProblems.repairNotFound, `no repair application ${applicationId} on listing ${listingId}`);
    if (application.status !== 'pending') throw problem(BlacklistProblems.invalidState, `repair application is already ${application.status}`);
    if (application.handled_by === actor.id) throw problem(BlacklistProblems.fourEyes, 'the handler of a repair application cannot decide it');
    await this.sod.assertIndependent(this.dataSource, actor, application.handled_by);
    const listing = await this.load(listingId, today);

    if (!dto.approve) {
      if (!dto.refusalReason) {
        throw problem(CommonProblems.validation, 'refusalReason is required to refuse', [
          { field: 'refusalReason', rule: 'required', message: 'refusalReason is required when approve is false' },
        ]);
      }
      await inTransaction(this.dataSource, async (em) => {
        await this.decideApplication(em, actor, application, 'refused', dto.refusalReason!, null);
        await this.repo.recordEvent(em, {
          listingId,
          action: 'repair_refuse',
          from: listing.status,
          to: listing.status,
          actorId: actor.id,
          actorName: actor.name,
          details: { repairApplicationId: applicationId, refusalReason: dto.refusalReason },
        });
      });
      return toRepairView((await this.repairs.find(null, applicationId))!);
    }

    if (listing.effective_status !== 'listed') throw problem(BlacklistProblems.invalidState, `listing is ${listing.effective_status}, not listed`);
    const check = await this.eligibility(
      null,
      listing,
      {
        penaltiesFulfilled: application.penalties_fulfilled,
        harmRemedied: application.harm_remedied,
        pledgeFiled: application.pledge_filed,
      },
      today,
    );
    if (!check.eligible) {
      throw problem(BlacklistProblems.repairNotEligible, `unmet: ${check.unmet.join(', ')}`, [], { unmet: check.unmet, eligibleFrom: check.eligibleFrom });
    }
    await inTransaction(this.dataSource, async (em) => {
      await this.decideApplication(em, actor, application, 'approved', null, check);
      const step = repair(listing, {
        by: actor,
        today,
        at: stamp(today),
        statement: application.statement,
        details: { repairApplicationId: applicationId, eligibility: check },
      });
      await this.transitions.apply(em, actor, listing, step, today);
    });
    return toRepairView((await this.repairs.find(null, applicationId))!);
  }

  /**
   * 期满移出: the daily job. Reads already treat a listing past its planned end as ended; this
   * records the removal, one transaction per listing so one failure does not hold back the rest.
   */
  async recordExpiries(today = todayInChina(), actor: Actor = systemActor('blacklist-expiry')): Promise<string[]> {
    const expired: string[] = [];
    for (const id of await this.repo.dueForExpiry(today)) {
      try {
        if (await this.expireOne(id, today, actor)) expired.push(id);
      } catch (err) {
        this.logger.error({ err, listingId: id }, 'recording expiry failed');
      }
    }
    return expired;
  }

  /** Records one listing's expiry if its planned end has come; false when there is nothing (left) to record. */
  async expireOne(id: string, today = todayInChina(), actor: Actor = systemActor('blacklist-expiry')): Promise<boolean> {
    const before = await this.repo.find(null, id, today);
    if (!before || before.status !== 'listed' || before.planned_end_date! > today) return false;
    try {
      const step = expire(before, { by: actor, today, at: stamp(today) });
      await inTransaction(this.dataSource, async (em) => {
        await this.transitions.apply(em, actor, before, step, today);
        await this.repairs.closePending(em, id, '名单已期满移出 listing expired');
      });
      return true;
    } catch (err) {
      // Another run (or a revocation) got there first: nothing left to record.
      if ((err as { spec?: unknown }).spec === BlacklistProblems.invalidState) return false;
      throw err;
    }
  }

  private async decideApplication(
    em: EntityManager,
    actor: Actor,
    application: { id: string; listing_id: string },
    to: 'approved' | 'refused',
    refusalReason: string | null,
    eligibility: unknown,
  ): Promise<void> {
    const changed = await this.repairs.decide(em, application.id, to, { id: actor.id, name: actor.name }, refusalReason);
    if (!changed) throw problem(BlacklistProblems.invalidState, `repair application ${application.id} is no longer pending`);
    await this.audit.record(em, actor, {
      action: `repair.${to === 'approved' ? 'approve' : 'refuse'}`,
      entityType: REPAIR_ENTITY,
      entityId: application.id,
      before: { status: 'pending' },
      after: { status: to, listingId: application.listing_id, eligibility },
      reason: refusalReason,
    });
  }

  private async load(id: string, today: string): Promise<ListingRow> {
    const row = await this.repo.find(null, id, today);
    if (!row) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
    return row;
  }
}
