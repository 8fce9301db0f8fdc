import type { IsoDate } from '#qcr/platform';

export type CreditStatus = 'active' | 'disputed' | 'repaired' | 'revoked';
export type Polarity = 'negative' | 'positive';
export type Severity = 'minor' | 'general' | 'serious' | 'positive';

/** What grading needs of a record (contract `#qcr/credit-records`). */
export interface CreditFact {
  id: string;
  categoryCode: string;
  polarity: Polarity;
  severity: Severity;
  occurredOn: IsoDate;
  publishUntil: IsoDate;
  status: CreditStatus;
}

export interface CreditCategory {
  code: string;
  polarity: Polarity;
  severity: Severity;
  name: { zh: string; en: string };
  publicationMonths: number;
  repairMinMonths: number | null;
  repairMinMonthsStrict: number | null;
  /** a record of this category can ground a blacklist listing (DOMAIN.md §7: a heavier penalty); issue 16 */
  groundsListing: boolean;
  active: boolean;
  version: number;
}

export interface CreditRecord {
  id: string;
  enterpriseId: string;
  categoryCode: string;
  categoryName: { zh: string; en: string };
  polarity: Polarity;
  severity: Severity;
  occurredOn: IsoDate;
  publishUntil: IsoDate;
  published: boolean;
  documentNumber: string;
  issuingDepartment: string;
  legalBasis: string;
  description: string;
  source: 'manual' | 'import' | 'partner';
  strictRepair: boolean;
  status: CreditStatus;
  repairedOn: IsoDate | null;
  revokedOn: IsoDate | null;
  repairAllowedFrom: IsoDate | null;
  version: number;
  createdAt: string;
  createdBy: string;
  /** 拟撤销 awaiting a second reviewer (issue 13 §6), shown so the console can offer 批准撤销 (issue 16) */
  revocationPending: { reason: string; proposedByName: string | null; proposedAt: string } | null;
}

export interface CreditObjection {
  id: string;
  recordId: string;
  enterpriseId: string;
  status: 'open' | 'upheld' | 'rejected';
  outcome: 'corrected' | 'revoked' | 'active' | null;
  reason: string;
  raisedBy: string;
  /** user names (actor.name): the queues show who asked, not a user id */
  raisedByName: string | null;
  raisedAt: string;
  deadline: IsoDate;
  overdue: boolean;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  resolutionReason: string | null;
  corrections: Record<string, unknown> | null;
  /** what is disputed: the record's category, document and date */
  record: {
    categoryCode: string;
    documentNumber: string | null;
    occurredOn: IsoDate;
    issuingDepartment: string | null;
    categoryName: { zh: string; en: string } | null;
  };
  /** in lists (GET /api/v1/credit-objections): who the objected record is about */
  enterprise?: { name: string; uscc: string | null; orgCode: string } | null;
}

export const CREDIT_RECORD_CHANGED = 'credit.record-changed';

/**
 * A record became `revoked` (two-person revocation, or an upheld objection): the penalty was wrong. Published in the
 * revoking transaction; `groundsListing` when its category is the heavier penalty a listing rests on (Order 44 art. 19:
 * the listing must then be revoked within three working days).
 */
export const CREDIT_RECORD_REVOKED = 'credit.record-revoked';
export interface CreditRecordRevokedEvent {
  type: typeof CREDIT_RECORD_REVOKED;
  enterpriseId: string;
  recordId: string;
  categoryCode: string;
  documentNumber: string;
  groundsListing: boolean;
  revokedBy: { id: string; name: string };
  [key: string]: unknown;
}

/** The category whose records are the heavier administrative penalties a listing rests on (DOMAIN.md §7). */
export const LISTING_GROUND_CATEGORY = 'penalty_heavier';
