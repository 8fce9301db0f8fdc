import type { ListingSummary } from './blacklist-reader.js';
import { decisionAllowedFrom } from './listing-rules.js';
import type { ListingEventRow, ListingRow, RepairRow, StatementRow } from './listing-rows.js';

/** What the public sees (公示): published fields only — no legal representative, no staff names. */
export interface PublicListingView extends ListingSummary {
  enterprise: { name: string; uscc: string | null; orgCode: string };
  /** 上一级同意日期: when the upper level consented (Order 44), on the public record; null when no consent was needed */
  consentDate: string | null;
}

export function toPublicView(r: ListingRow): PublicListingView {
  return {
    id: r.id,
    enterprise: { name: r.enterprise_name, uscc: r.enterprise_uscc, orgCode: r.enterprise_org_code },
    listType: r.list_type,
    listTypeName: { zh: r.name_zh, en: r.name_en },
    reason: r.reason,
    legalBasis: r.legal_basis,
    decisionNumber: r.decision_number!,
    decidingAuthority: r.deciding_authority!,
    startDate: r.start_date!,
    plannedEndDate: r.planned_end_date!,
    consentDate: r.consent_date,
  };
}

/** 张三 → 张*; keeps enough for staff to recognise a case without revealing the person. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The staff view; `status` is the status as of today, `recordedStatus` what the database holds. */
export function toStaffView(r: ListingRow, showPersonalData: boolean) {
  return {
    id: r.id,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name, uscc: r.enterprise_uscc, orgCode: r.enterprise_org_code },
    listType: r.list_type,
    listTypeName: { zh: r.name_zh, en: r.name_en },
    status: r.effective_status,
    recordedStatus: r.status,
    reason: r.reason,
    legalBasis: r.legal_basis,
    penalty: {
      documentNumber: r.penalty_document_number,
      decidedOn: r.penalty_decided_on,
      authority: r.penalty_authority,
      onRecord: r.penalty_on_record,
    },
    legalRepresentative:
      r.legal_rep_name === null
        ? null
        : showPersonalData
          ? { name: r.legal_rep_name, idHash: r.legal_rep_id_hash }
          : { name: maskName(r.legal_rep_name), idHash: null },
    proposal: { by: r.proposed_by, byName: r.proposed_by_name, at: iso(r.proposed_at) },
    notice: r.notice_date
      ? {
          noticeDate: r.notice_date,
          statementDeadline: r.statement_deadline,
          waived: r.statement_waived,
          decisionAllowedFrom: decisionAllowedFrom(r.statement_deadline!, r.statement_waived, r.notice_date),
          by: r.notified_by,
          at: iso(r.notified_at),
        }
      : null,
    decision: r.decision_number
      ? {
          decisionNumber: r.decision_number,
          decidingAuthority: r.deciding_authority,
          startDate: r.start_date,
          plannedEndDate: r.planned_end_date,
          by: r.decided_by,
          byName: r.decided_by_name,
          at: iso(r.decided_at),
          decidingAuthorityId: r.deciding_authority_id,
          /** 报经上一级同意 (issue 24): which authority must consent, and when it did */
          consent: r.consent_authority_id
            ? {
                authorityId: r.consent_authority_id,
                requestedStartDate: r.requested_start_date,
                date: r.consent_date,
                by: r.consented_by,
                byName: r.consented_by_name,
                at: iso(r.consented_at),
              }
            : null,
        }
      : null,
    drop: r.drop_reason ? { reason: r.drop_reason, by: r.dropped_by, at: iso(r.dropped_at) } : null,
    removal: r.end_kind
      ? { kind: r.end_kind, endedOn: r.ended_on, reason: r.end_reason, by: r.ended_by, at: iso(r.ended_at) }
      : r.effective_status === 'expired'
        ? { kind: 'expiry', endedOn: r.planned_end_date, reason: null, by: null, at: null, recorded: false }
        : null,
    repairPending: r.pending_repair,
  };
}
export type StaffListingView = ReturnType<typeof toStaffView>;

export function toStatementView(s: StatementRow) {
  return { id: s.id, kind: s.kind, receivedOn: s.received_on, summary: s.summary, recordedBy: s.recorded_by_name, recordedAt: iso(s.recorded_at) };
}

export function toRepairView(a: RepairRow) {
  return {
    id: a.id,
    listingId: a.listing_id,
    status: a.status,
    appliedOn: a.applied_on,
    penaltiesFulfilled: a.penalties_fulfilled,
    harmRemedied: a.harm_remedied,
    pledgeFiled: a.pledge_filed,
    pledgeReference: a.pledge_reference,
    statement: a.statement,
    eligibility: a.eligibility,
    handledBy: a.handled_by,
    handledByName: a.handled_by_name,
    createdAt: iso(a.created_at),
    decidedBy: a.decided_by,
    decidedByName: a.decided_by_name,
    decidedAt: iso(a.decided_at),
    refusalReason: a.refusal_reason,
  };
}
export type RepairView = ReturnType<typeof toRepairView>;

export function toEventView(e: ListingEventRow) {
  return {
    seq: String(e.seq),
    at: iso(e.at),
    action: e.action,
    from: e.from_status,
    to: e.to_status,
    actor: { id: e.actor_id, name: e.actor_name },
    details: e.details,
  };
}
