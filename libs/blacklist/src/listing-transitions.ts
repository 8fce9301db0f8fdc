import { Injectable } from '@nestjs/common';
import { AuditLog } from '#qcr/audit';
import { type Actor, DomainEvents, isPgError, PG, problem } from '#qcr/platform';
import type { EntityManager } from 'typeorm';
import { LISTING_CHANGED, type ListingChangedEvent } from './blacklist-reader.js';
import { BlacklistProblems } from './blacklist.problems.js';
import type { ListingStep } from './listing.aggregate.js';
import type { ListingRow } from './listing-rows.js';
import { ListingsRepository, type ResponsiblePersons } from './listings.repository.js';

export const ENTITY_TYPE = 'blacklist.listing';

/**
 * One step of the lifecycle, all inside the caller's transaction: the guarded UPDATE, the
 * listing's own history row, the audit entry and the `blacklist.listing-changed` event.
 * A step that finds the listing no longer in its starting state changes nothing and answers 409.
 */
@Injectable()
export class ListingTransitions {
  constructor(
    private readonly repo: ListingsRepository,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  /** Persists the aggregate's step (listing.aggregate.ts): the guarded UPDATE, then history, audit and event. */
  async apply(em: EntityManager, actor: Actor, before: ListingRow, step: ListingStep, today: string): Promise<ListingRow> {
    let changed: boolean;
    try {
      changed = await this.repo.transition(em, before.id, step);
    } catch (err) {
      throw alreadyListedOr(err, before);
    }
    if (!changed) throw noLonger(before.id, step);
    const after = (await this.repo.find(em, before.id, today))!;
    await this.record(em, actor, before, after, step.action, step.event.details, step.event.reason);
    return after;
  }

  /**
   * The same step in one round trip, for a caller that read `before` FOR UPDATE in this transaction (a decision,
   * issue 21): the guarded UPDATE, the history row and the audit entry are one statement (data-modifying CTEs) that
   * returns the listing as `find` reads it. The audit's `after` is `before` with the step's patch applied — exactly
   * the row the UPDATE writes, since the row is locked.
   */
  async applyLocked(em: EntityManager, actor: Actor, before: ListingRow, step: ListingStep, today: string, persons?: ResponsiblePersons): Promise<ListingRow> {
    const after: ListingRow = { ...before, ...step.patch, status: step.to };
    const audit = this.audit.insertSql(
      actor,
      [
        {
          action: `listing.${step.action}`,
          entityType: ENTITY_TYPE,
          entityId: before.id,
          before: auditSnapshot(before),
          after: auditSnapshot(after),
          reason: step.event.reason,
        },
      ],
      1,
    );
    let row: ListingRow | undefined;
    try {
      row = await this.repo.transitionWith(em, before.id, step, today, audit, actor, persons);
    } catch (err) {
      throw alreadyListedOr(err, before);
    }
    if (!row) throw noLonger(before.id, step);
    const event: ListingChangedEvent = { type: LISTING_CHANGED, enterpriseId: row.enterprise_id, listingId: row.id, status: row.status };
    await this.events.publish(em, event);
    return row;
  }

  /** History, audit and event for a change already written (the proposal's INSERT, or a transition). */
  async record(
    em: EntityManager,
    actor: Actor,
    before: ListingRow | null,
    after: ListingRow,
    action: string,
    details: Record<string, unknown>,
    reason: string | null,
  ): Promise<void> {
    await this.repo.recordEvent(em, {
      listingId: after.id,
      action,
      from: before?.status ?? null,
      to: after.status,
      actorId: actor.id,
      actorName: actor.name,
      details,
    });
    await this.audit.record(em, actor, {
      action: `listing.${action}`,
      entityType: ENTITY_TYPE,
      entityId: after.id,
      before: before ? auditSnapshot(before) : null,
      after: auditSnapshot(after),
      reason,
    });
    const event: ListingChangedEvent = { type: LISTING_CHANGED, enterpriseId: after.enterprise_id, listingId: after.id, status: after.status };
    await this.events.publish(em, event);
  }
}

/** The exclusion constraint: another decision for this enterprise and list committed first. */
function alreadyListedOr(err: unknown, before: ListingRow): unknown {
  return isPgError(err, PG.exclusionViolation)
    ? problem(BlacklistProblems.alreadyListed, `enterprise ${before.enterprise_id} already has an active ${before.list_type} listing`)
    : err;
}

function noLonger(id: string, step: ListingStep) {
  return problem(BlacklistProblems.invalidState, `listing ${id} is no longer ${step.from.join(' or ')}`);
}

/**
 * The audit log keeps the legal facts of the listing. Of the legal representative it keeps no digest or sealed value
 * (issue 13: the auditor reads this log without personal-data.read), only a reference — the enterprise version the
 * listing took them from, which holders of personal-data.read resolve through the enterprise's history.
 */
function auditSnapshot(r: ListingRow) {
  return {
    status: r.status,
    enterpriseId: r.enterprise_id,
    listType: r.list_type,
    noticeDate: r.notice_date,
    statementDeadline: r.statement_deadline,
    statementWaived: r.statement_waived,
    decisionNumber: r.decision_number,
    decidingAuthority: r.deciding_authority,
    startDate: r.start_date,
    plannedEndDate: r.planned_end_date,
    endedOn: r.ended_on,
    endKind: r.end_kind,
    legalRepRef: r.legal_rep_version === null ? null : { enterpriseId: r.enterprise_id, enterpriseVersion: r.legal_rep_version },
  };
}
