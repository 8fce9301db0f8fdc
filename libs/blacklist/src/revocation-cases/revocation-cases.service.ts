import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { CREDIT_RECORD_REVOKED, type CreditRecordRevokedEvent } from '#qcr/credit-records';
import { type Actor, addWorkingDays, DomainEvents, type IsoDate, queryRows, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { LISTING_CHANGED, type ListingChangedEvent } from '../blacklist-reader.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** Order 44 art. 19: within three working days. */
export const REVOCATION_WORKING_DAYS = 3;
const ENDED = ['revoked', 'expired', 'repaired', 'dropped'];

export interface RevocationCaseView {
  id: string;
  listingId: string;
  enterprise: { name: string; uscc: string | null; orgCode: string };
  listingStatus: string;
  decisionNumber: string | null;
  decidingAuthority: string | null;
  authorityId: string | null;
  creditRecordId: string;
  penaltyDocumentNumber: string;
  openedOn: IsoDate;
  dueOn: IsoDate;
  /** still open after its due date (Asia/Shanghai today) */
  overdue: boolean;
  status: 'open' | 'closed';
  closedOn: IsoDate | null;
  closedReason: string | null;
}

/**
 * Consequences of a revoked penalty (issue 24; Order 44 art. 19). When a heavier-penalty credit record is revoked, each
 * listing resting on it (same enterprise, the penalty's document number, not ended) gets a case in the deciding
 * authority's queue, due on the third working day. Checks answer as before: the listing keeps restricting until its
 * revocation is decided (docs/blacklist.md, revoke), which closes the case — as does any other end of the listing.
 */
@Injectable()
export class RevocationCases implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEvents,
    private readonly calendar: WorkingCalendar,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.events.on(CREDIT_RECORD_REVOKED, async (event, em) => {
      await this.open(em, event as CreditRecordRevokedEvent);
    });
    this.events.on(LISTING_CHANGED, async (event, em) => {
      const e = event as unknown as ListingChangedEvent;
      if (ENDED.includes(e.status)) await this.close(em, e.listingId, e.status);
    });
  }

  async open(em: EntityManager, event: CreditRecordRevokedEvent, today = todayInChina()): Promise<number> {
    if (!event.groundsListing) return 0;
    const dueOn = addWorkingDays(today, REVOCATION_WORKING_DAYS, await this.calendar.around(em, today));
    const opened: { id: string; listing_id: string }[] = await em.query(
      `INSERT INTO blacklist.revocation_cases (listing_id, credit_record_id, penalty_document_number, authority_id, opened_on, due_on, opened_by, opened_by_name)
       SELECT l.id, $3, l.penalty_document_number, l.deciding_authority_id, $4, $5, $6, $7
         FROM blacklist.listings l
        WHERE l.enterprise_id = $1 AND l.penalty_document_number = $2
          AND l.status IN ('proposed','notified','awaiting_consent','listed') AND (l.planned_end_date IS NULL OR l.planned_end_date > $4::date)
       ON CONFLICT (listing_id, credit_record_id) DO NOTHING
       RETURNING id, listing_id`,
      [event.enterpriseId, event.documentNumber, event.recordId, today, dueOn, event.revokedBy.id, event.revokedBy.name],
    );
    const actor: Actor = { kind: 'staff', id: event.revokedBy.id, name: event.revokedBy.name, roles: [] };
    for (const c of opened) {
      await this.audit.record(em, actor, {
        action: 'listing.revocation-case-opened',
        entityType: 'blacklist.revocation-case',
        entityId: c.id,
        after: { listingId: c.listing_id, creditRecordId: event.recordId, openedOn: today, dueOn },
      });
    }
    return opened.length;
  }

  private async close(em: EntityManager, listingId: string, listingStatus: string): Promise<void> {
    await em.query(
      `UPDATE blacklist.revocation_cases SET status = 'closed', closed_on = $2::date, closed_reason = $3
        WHERE listing_id = $1 AND status = 'open'`,
      [listingId, todayInChina(), `listing ${listingStatus}`],
    );
  }

  /** The queue of the actor's authorities (or every authority's, `all`), open cases by due date; `overdue` only those late. */
  async queue(actor: Actor, q: { overdue?: boolean; all?: boolean; status?: 'open' | 'closed' }, today = todayInChina()): Promise<RevocationCaseView[]> {
    const ids = (actor.authorities ?? []).map((a) => a.id);
    return queryRows<RevocationCaseView>(
      this.db,
      `SELECT c.id, c.listing_id AS "listingId", c.credit_record_id AS "creditRecordId", c.penalty_document_number AS "penaltyDocumentNumber",
              c.authority_id AS "authorityId", to_char(c.opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn",
              c.status, to_char(c.closed_on, 'YYYY-MM-DD') AS "closedOn", c.closed_reason AS "closedReason",
              (c.status = 'open' AND c.due_on < $2::date) AS overdue,
              l.status AS "listingStatus", l.decision_number AS "decisionNumber", l.deciding_authority AS "decidingAuthority",
              json_build_object('name', l.enterprise_name, 'uscc', l.enterprise_uscc, 'orgCode', l.enterprise_org_code) AS enterprise
         FROM blacklist.revocation_cases c JOIN blacklist.listings l ON l.id = c.listing_id
        WHERE c.status = $3 AND ($4 OR c.authority_id = ANY($1::uuid[])) AND (NOT $5 OR c.due_on < $2::date)
        ORDER BY c.due_on, c.created_at LIMIT 500`,
      [ids, today, q.status ?? 'open', q.all === true, q.overdue === true],
    );
  }
}
