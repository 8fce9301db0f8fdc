/** The nine purposes a partner may check for (DOMAIN.md §8); a stable API contract, same list as #qcr/access PURPOSES. */
export const CHECK_PURPOSES = [
  'government_procurement',
  'public_bidding',
  'financing',
  'insurance_guarantee',
  'honours',
  'subsidies',
  'licensing',
  'state_land',
  'office_holding',
] as const;
export type CheckPurpose = (typeof CHECK_PURPOSES)[number];

/** Best first. */
export const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const TRIGGERS = ['listed', 'grade_at_most', 'grade_at_least'] as const;
export type MeasureTrigger = (typeof TRIGGERS)[number];

export const MEASURE_KINDS = ['restriction', 'incentive'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** One entry of the joint reward/punishment memorandum (联合奖惩备忘录). */
export interface Measure {
  code: string;
  department: string;
  purpose: CheckPurpose;
  trigger: MeasureTrigger;
  /** set for grade_at_most / grade_at_least, null for listed */
  triggerGrade: Grade | null;
  kind: MeasureKind;
  legalBasis: string;
  text: { zh: string; en: string };
  active: boolean;
  version: number;
}
