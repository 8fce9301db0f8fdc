import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LISTING_CHANGED } from '#qcr/blacklist';
import { ENTERPRISE_CHANGED } from '#qcr/enterprises';
import { GRADE_CHANGED } from '#qcr/grading';
import { MEASURES_CHANGED } from '#qcr/joint-measures';
import { type DomainEvent, DomainEvents } from '#qcr/platform';
import { ANSWERS_LOCK, type ChangeCause, ChangeOutbox } from './change-outbox.js';

/** The enterprises an event names: one (`enterpriseId`) or a batch (`enterpriseIds`: an import, a regrade chunk). */
function enterprisesOf(e: DomainEvent): string[] {
  if (Array.isArray(e.enterpriseIds)) return e.enterpriseIds as string[];
  return e.enterpriseId ? [e.enterpriseId] : [];
}

/**
 * Feeds the outbox from the events the writers already publish in their transactions, so no writer imports this
 * context (no cycle): blacklist → listing, grading → grade (a regrade caused by a listing is told as `listing`),
 * enterprises → enterprise, joint-measures → catalogue. Grading's own listing handler is registered first (this
 * module imports grading, so its onModuleInit runs earlier): the grade a listing decision causes is in the same diff.
 */
@Injectable()
export class OutboxSubscriber implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly outbox: ChangeOutbox,
  ) {}

  onModuleInit(): void {
    const diff = (cause: (e: DomainEvent) => ChangeCause) => async (e: DomainEvent, em: Parameters<ChangeOutbox['recordEnterprises']>[0]) => {
      const ids = enterprisesOf(e);
      await this.outbox.recordEnterprises(em, ids, cause(e), { locked: this.events.holdsLock(em, ANSWERS_LOCK.key, ids) });
    };
    // A listing decision takes the answers lock in its locked read, after the enterprise's grade lock (the order every
    // writer takes them in), and the diff its event triggers skips its own lock round trip (issue 21).
    this.events.lockFor(LISTING_CHANGED, ANSWERS_LOCK);
    this.events.on(
      LISTING_CHANGED,
      diff(() => 'listing'),
    );
    // A grade a listing step moved (source `listing-change`) is diffed by the LISTING_CHANGED handler below, which runs
    // right after grading's in the same publish and sees the new grade: one diff per decision, not two (issue 21).
    this.events.on(GRADE_CHANGED, async (e, em) => {
      if (e.source !== 'listing-change') await this.outbox.recordEnterprises(em, enterprisesOf(e), 'grade');
    });
    this.events.on(
      ENTERPRISE_CHANGED,
      diff(() => 'enterprise'),
    );
    this.events.on(MEASURES_CHANGED, async (_e, em) => {
      await this.outbox.recordCatalogue(em);
    });
  }
}
