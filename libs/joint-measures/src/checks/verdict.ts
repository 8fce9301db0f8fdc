import { type CheckPurpose, GRADES, type Grade, type Measure } from '../measures/measure.types.js';

export type Verdict = 'restricted' | 'priority' | 'clear' | 'not_registered';

export interface VerdictInput {
  registered: boolean;
  /** grade on the as-of date; null when the enterprise had none then */
  grade: Grade | null;
  /** number of active published listings on the as-of date */
  activeListings: number;
  purpose: CheckPurpose;
  /** the catalogue (or any part of it containing the purpose's measures) */
  measures: readonly Measure[];
}

export interface VerdictResult {
  verdict: Verdict;
  /** the measures that apply, restrictions only when restricted, incentives only when priority */
  applicable: Measure[];
}

/** 0 = AAA (best) … 5 = D (worst). */
const rank = (g: Grade): number => GRADES.indexOf(g);

export function triggerFires(m: Pick<Measure, 'trigger' | 'triggerGrade'>, grade: Grade | null, activeListings: number): boolean {
  switch (m.trigger) {
    case 'listed':
      return activeListings > 0;
    case 'grade_at_most': // e.g. "C or worse": C, D
      return grade !== null && m.triggerGrade !== null && rank(grade) >= rank(m.triggerGrade);
    case 'grade_at_least': // e.g. "AA or better": AA, AAA
      return grade !== null && m.triggerGrade !== null && rank(grade) <= rank(m.triggerGrade);
  }
}

/**
 * 联合奖惩: any applicable restriction makes the answer `restricted` and
 * suppresses incentives (a listed AA enterprise gets no procurement priority);
 * otherwise any applicable incentive makes it `priority`; otherwise `clear`.
 * The verdict is driven by the catalogue, so every restriction a partner is
 * told about carries its legal basis.
 */
export function decideVerdict(input: VerdictInput): VerdictResult {
  if (!input.registered) return { verdict: 'not_registered', applicable: [] };
  const firing = input.measures.filter((m) => m.active && m.purpose === input.purpose && triggerFires(m, input.grade, input.activeListings));
  const restrictions = firing.filter((m) => m.kind === 'restriction');
  if (restrictions.length > 0) return { verdict: 'restricted', applicable: restrictions };
  const incentives = firing.filter((m) => m.kind === 'incentive');
  if (incentives.length > 0) return { verdict: 'priority', applicable: incentives };
  return { verdict: 'clear', applicable: [] };
}
