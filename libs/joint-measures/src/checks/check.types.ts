import type { ListingSummary } from '#qcr/blacklist';
import type { Grade, Measure } from '../measures/measure.types.js';
import type { OfficerRestriction } from './check-reads.js';
import type { Standing, StatusWarning } from './standing.js';
import type { Verdict } from './verdict.js';

export interface AskedBy {
  kind: string;
  id: string;
  name: string;
  agencyId: string | null;
}

/** 核查回执: proof that this agency checked this enterprise for this purpose at this time. */
export interface CheckReceipt {
  receiptId: string;
  time: string;
  askedBy: AskedBy;
}

export interface CheckedEnterprise {
  id: string;
  name: string;
  uscc: string | null;
  orgCode: string;
  status: string;
  codeException: boolean;
}

export interface GradeOnDate {
  grade: Grade;
  validFrom: string;
  overridden: boolean;
}

export type MeasureView = Omit<Measure, 'active' | 'version'>;

/** The answer to GET /api/v1/checks/{code}. */
export interface CheckResult {
  code: string;
  purpose: string;
  asOf: string;
  verdict: Verdict;
  /** excluded (listing in force) / caution (grade C, D) / priority (AA+) / ordinary / not_registered — standing.ts */
  standing: Standing;
  /** 存续 active / 注销 deregistered / 吊销 revoked; null when not registered */
  registrationStatus: string | null;
  /** set when the enterprise is 注销 or 吊销: shown in red, never a silent 无限制 */
  statusWarning: StatusWarning | null;
  enterprise: CheckedEnterprise | null;
  grade: GradeOnDate | null;
  listings: ListingSummary[];
  /** office_holding and licensing only: current legal representatives/officers restricted through another listing (issue 18) */
  officerRestrictions?: OfficerRestriction[];
  measures: MeasureView[];
  receipt: CheckReceipt;
}

export interface BatchItem {
  index: number;
  /** for an uploaded list: the line (CSV/text) or row (xlsx) the code came from */
  line?: number;
  code: string;
  verdict: Verdict | 'invalid';
  /** set when verdict = invalid: which identifier rule the code broke */
  error?: { rule: string; message: string; position?: number; expected?: string; given?: string };
  /** index of the first input naming the same enterprise (or the same code) */
  duplicateOf?: number;
  standing?: Standing;
  registrationStatus?: string | null;
  statusWarning?: StatusWarning | null;
  enterprise?: CheckedEnterprise | null;
  grade?: GradeOnDate | null;
  listings?: ListingSummary[];
  officerRestrictions?: OfficerRestriction[];
  /** codes of the applicable measures; details in the batch's `measures` */
  measures?: string[];
  receiptId?: string;
}

/** The answer to POST /api/v1/checks/batch. */
export interface BatchResult {
  batchId: string;
  purpose: string;
  asOf: string;
  time: string;
  askedBy: AskedBy;
  count: number;
  summary: Record<Verdict | 'invalid', number>;
  /** counts per standing and of status warnings (additive to summary) */
  standings: Record<Standing, number> & { statusWarnings: number };
  measures: Record<string, MeasureView>;
  results: BatchItem[];
  /** for an uploaded list: what was read, and the rows without a code (line and why) */
  source?: { format: 'csv' | 'xlsx'; encoding?: string; sheet?: string; skipped: { line: number; rule: string; message: { zh: string; en: string } }[] };
}

/** What the log keeps of an answer, and what GET /checks/receipts/{id} shows. */
export interface LoggedAnswer {
  enterprise: { name: string; uscc: string | null; orgCode: string } | null;
  grade: Grade | null;
  /** reason and listTypeName: logged since issue 17 (the downloaded report names why); absent on older rows */
  listings: {
    id: string;
    decisionNumber: string;
    listType: string;
    startDate: string;
    plannedEndDate: string;
    reason?: string;
    listTypeName?: { zh: string; en: string };
    /** person checks (issue 18): the listed enterprise and the person's role on the listing */
    enterprise?: { name: string; uscc: string | null; orgCode: string };
    role?: string;
  }[];
  /** person checks (issue 18): the person's internal id (never the document number or its digest); null when unknown */
  person?: string | null;
  measures: string[];
  /** office_holding / licensing: which current officer's listing restricted it (role, listing), never who */
  officerRestrictions?: { role: string; since: string; listingId: string; decisionNumber: string }[];
  /** since issue 17: the input's position in its batch (the report keeps input order) and the registration status then */
  index?: number;
  registrationStatus?: string | null;
}
