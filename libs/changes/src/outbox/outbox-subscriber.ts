import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LISTING_CHANGED } from '#qcr/blacklist';
import { ENTERPRISE_CHANGED } from '#qcr/enterprises';
import { type Grade, GRADE_CHANGED } from '#qcr/grading';
import { MEASURES_CHANGED } from '#qcr/joint-measures';
import { type DomainEvent, DomainEvents, todayInChina } from '#qcr/platform';
import { factsJsonSql } from './answers.sql.js';
import { ANSWERS_LOCK, type ChangeCause, ChangeOutbox, type FactsRow } from './change-outbox.js';

/** The outbox's facts read, as another statement carries it (DomainEvents.readFor). */
const FACTS_READ = 'changes.facts';

/** The enterprises an event names: one (`enterpriseId`) or a batch (`enterpriseIds`: an import, a regrade chunk). */
function enterprisesOf(e: DomainEvent): string[] {
  if (Array.isArray(e.enterpriseIds)) return e.enterpriseIds as string[];
  return e.enterpriseId ? [e.enterpriseId] : [];
}

/** Batch work names its enterprises as `enterpriseIds` (an import, a regrade chunk): its deliveries are paced. */
const isBulk = (e: DomainEvent): boolean => Array.isArray(e.enterpriseIds);

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

  /** per transaction: the grade today a listing step's regrade wrote after the carried facts read */
  private readonly grades = new WeakMap<object, Map<string, Grade>>();

  private regraded(em: object): Map<string, Grade> {
    const map = this.grades.get(em) ?? new Map<string, Grade>();
    this.grades.set(em, map);
    return map;
  }

  /**
   * The facts read grading's inputs statement carried for one enterprise, if it did. That statement ran before the
   * regrade's write: the only fact the rest of the transaction moved is the grade, taken from the regrade's event.
   */
  private carried(em: object, ids: string[]): FactsRow[] | undefined {
    const [id] = ids;
    if (ids.length !== 1 || !id) return undefined;
    const rows = this.events.takeRead(em, FACTS_READ, id) as FactsRow[] | undefined;
    const grade = this.grades.get(em)?.get(id);
    return rows && grade !== undefined ? rows.map((r) => ({ ...r, grade })) : rows;
  }

  onModuleInit(): void {
    const diff = (cause: (e: DomainEvent) => ChangeCause) => async (e: DomainEvent, em: Parameters<ChangeOutbox['recordEnterprises']>[0]) => {
      const ids = enterprisesOf(e);
      await this.outbox.recordEnterprises(em, ids, cause(e), {
        locked: this.events.holdsLock(em, ANSWERS_LOCK.key, ids),
        facts: this.carried(em, ids),
        bulk: isBulk(e),
      });
    };
    // A listing decision takes the answers lock in its locked read, after the enterprise's grade lock (the order every
    // writer takes them in), and the diff its event triggers skips its own lock round trip (issue 21). Grading's
    // inputs read, sent after the decision's step and under that lock, carries the facts read too.
    this.events.lockFor(LISTING_CHANGED, ANSWERS_LOCK);
    this.events.readFor(LISTING_CHANGED, { key: FACTS_READ, afterLock: ANSWERS_LOCK.key, sql: factsJsonSql });
    this.events.on(
      LISTING_CHANGED,
      diff(() => 'listing'),
    );
    // A grade a listing step moved (source `listing-change`) is diffed by the LISTING_CHANGED handler below, which runs
    // right after grading's in the same publish and sees the new grade: one diff per decision, not two (issue 21).
    this.events.on(GRADE_CHANGED, async (e, em) => {
      if (e.source !== 'listing-change') await this.outbox.recordEnterprises(em, enterprisesOf(e), 'grade', { bulk: isBulk(e) });
      else if (e.enterpriseId && typeof e.validFrom === 'string' && e.validFrom <= todayInChina()) this.regraded(em).set(e.enterpriseId, e.grade as Grade);
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
