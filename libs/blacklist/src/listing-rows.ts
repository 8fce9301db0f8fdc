import type { ListingStatus } from './listing-rules.js';

/** The rows the blacklist's repositories read: dates as YYYY-MM-DD text, timestamps as Date. */

export interface ListTypeRow {
  code: string;
  name_zh: string;
  name_en: string;
  legal_basis: string;
  duration_years: number;
  statement_days: number;
  repair_min_years: number;
  active: boolean;
  version: number;
  updated_at: Date;
}

export interface ListingRow {
  id: string;
  seq: string;
  enterprise_id: string;
  enterprise_name: string;
  enterprise_uscc: string | null;
  enterprise_org_code: string;
  /** GB/T 2260 region of the enterprise when proposed (issue 24); null on rows the migration found no enterprise for */
  enterprise_region_code: string | null;
  list_type: string;
  name_zh: string;
  name_en: string;
  status: ListingStatus;
  effective_status: ListingStatus;
  /** the list type's settings when this listing was proposed (issue 16: edits apply to new listings only) */
  type_duration_years: number;
  type_statement_days: number;
  type_repair_min_years: number;
  reason: string;
  legal_basis: string;
  penalty_document_number: string;
  penalty_decided_on: string;
  penalty_authority: string;
  penalty_on_record: boolean;
  legal_rep_name: string | null;
  legal_rep_id_hash: string | null;
  legal_rep_version: number | null;
  proposed_by: string;
  proposed_by_name: string;
  proposed_at: Date;
  notice_date: string | null;
  statement_deadline: string | null;
  notified_by: string | null;
  notified_at: Date | null;
  statement_waived: boolean;
  decision_number: string | null;
  deciding_authority: string | null;
  start_date: string | null;
  planned_end_date: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  drop_reason: string | null;
  dropped_by: string | null;
  dropped_at: Date | null;
  ended_on: string | null;
  end_kind: 'expiry' | 'repair' | 'revocation' | null;
  end_reason: string | null;
  ended_by: string | null;
  ended_at: Date | null;
  pending_repair: boolean;
  deciding_authority_id: string | null;
  consent_authority_id: string | null;
  requested_start_date: string | null;
  consent_date: string | null;
  consented_by: string | null;
  consented_by_name: string | null;
  consented_at: Date | null;
}

export interface StatementRow {
  id: string;
  kind: 'statement' | 'hearing_request' | 'waiver';
  received_on: string;
  summary: string;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
}

export interface RepairRow {
  id: string;
  listing_id: string;
  status: 'pending' | 'approved' | 'refused';
  applied_on: string;
  penalties_fulfilled: boolean;
  harm_remedied: boolean;
  pledge_filed: boolean;
  pledge_reference: string | null;
  statement: string;
  eligibility: unknown;
  handled_by: string;
  handled_by_name: string;
  created_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  refusal_reason: string | null;
}

export interface ListingEventRow {
  seq: string;
  at: Date;
  action: string;
  from_status: ListingStatus | null;
  to_status: ListingStatus;
  actor_id: string;
  actor_name: string;
  details: Record<string, unknown>;
}

export const QUEUES = ['awaiting_notice', 'awaiting_decision', 'deadline_passed', 'awaiting_consent', 'repair_pending', 'revocation_pending'] as const;
export type ListingQueue = (typeof QUEUES)[number];

export interface ListingFilter {
  status?: ListingStatus;
  enterpriseId?: string;
  listType?: string;
  queue?: ListingQueue;
  /** GB/T 2260 prefix of the enterprise's region (issue 24) */
  regionPrefix?: string;
  afterSeq?: string;
  limit: number;
  today: string;
}

export interface PublicFilter {
  enterpriseId?: string;
  listType?: string;
  /** GB/T 2260 division, matched on the USCC's characters 3–8 */
  region?: string;
  /** start date range, inclusive */
  from?: string;
  to?: string;
  after?: [string, string];
  limit: number;
  today: string;
}
