import type { IsoDate } from '#qcr/platform';
import type { Grade } from './model/grading-model.js';
import type { Explanation, Standing } from './model/scoring.js';

/** Contract `#qcr/grading`: an enterprise's grade on a date. */
export interface GradeView {
  grade: Grade;
  score: number;
  validFrom: IsoDate;
  modelVersion: string;
  overridden: boolean;
}

export interface OverrideNote {
  id: string;
  grade: Grade;
  computedGrade: Grade;
  reason: string;
  validUntil: IsoDate;
}

export interface StoredExplanation extends Explanation {
  override?: OverrideNote;
  /** a period imported from earlier records (GradeHistoryImporter): no computation behind it */
  imported?: { authority: string; importId: string; note: string };
}

/** One row of grade history, with its explanation in words. */
export interface GradeAssignment extends GradeView {
  /** null for a projection (a date after today: computed, not stored) */
  id: string | null;
  enterpriseId: string;
  validTo: IsoDate | null;
  /** who wrote the row (record-change, listing-change, run, …) or `projection` for a date after today */
  source: string;
  explanation: StoredExplanation;
  /** the explanation as sentences a newcomer can read */
  summary: { zh: string[]; en: string[] };
  standing: Standing;
  createdAt: string;
}

export const GRADE_CHANGED = 'grading.grade-changed';
