import type { IsoDate } from '#qcr/platform';
import type { Grade, GradingModel } from './grading-model.js';
import { scoreEnterprise, type ScoringInput } from './scoring.js';
import type { StoredExplanation } from '../grading.types.js';

export interface ActiveOverride {
  id: string;
  grade: Grade;
  reason: string;
  validUntil: IsoDate;
}

export interface Assignment {
  grade: Grade;
  score: number;
  explanation: StoredExplanation;
  overridden: boolean;
  overrideId: string | null;
}

/**
 * The grade to record: the computed grade, or an approved override while it lasts
 * (model.overrides.validMonths). An active blacklist listing still gives D: the legal cap beats discretion.
 */
export function assignGrade(model: GradingModel, input: ScoringInput, override: ActiveOverride | null): Assignment {
  const result = scoreEnterprise(model, input);
  if (!override || input.activeListings.length > 0) {
    return { grade: result.grade, score: result.score, explanation: result.explanation, overridden: false, overrideId: null };
  }
  return {
    grade: override.grade,
    score: result.score,
    explanation: { ...result.explanation, override: { ...override, computedGrade: result.grade } },
    overridden: true,
    overrideId: override.id,
  };
}
