// Public surface of the joint-measures context (schema `measures`): 联合奖惩 — measure catalogue, checks, receipts, feedback.
export { JointMeasuresModule } from './joint-measures.module.js';
export { ChecksService } from './checks/checks.service.js';
export { PersonChecksService, type PersonCheckResult } from './checks/person-checks.service.js';
export { MEASURES_CHANGED, MeasuresService } from './measures/measures.service.js';
export { CheckLogWriter } from './checks/check-log.writer.js';
export { CheckProblems, MeasureProblems } from './joint-measures.problems.js';
export { CHECK_PURPOSES, type CheckPurpose, type Measure } from './measures/measure.types.js';
export { decideVerdict, type Verdict } from './checks/verdict.js';
export type { BatchResult, CheckReceipt, CheckResult } from './checks/check.types.js';
// The one list reader (CSV in UTF-8/GBK, .xlsx, pasted text), also for partners' watchlists (issue 20).
export { readSupplierList, type SupplierList } from './checks/supplier-list.js';
import { Measures1763700007000 } from './migrations/1763700007000-measures.js';
import { CheckLogIndexes1763700009000 } from './migrations/1763700009000-check-log-indexes.js';
export const jointMeasuresMigrations = [Measures1763700007000, CheckLogIndexes1763700009000];
