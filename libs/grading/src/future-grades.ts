import { type IsoDate, queryChanged } from '#qcr/platform';
import type { EntityManager } from 'typeorm';
import type { GradeRow, GradesRepository } from './grades.repository.js';
import { type Assignment } from './model/assign.js';
import type { GradingModel } from './model/grading-model.js';
import { nextStanding } from './model/scoring.js';

/**
 * Grade rows dated after today (issue 15): a listing decided with a future start restricts from that date, and its D
 * is stored as a row starting on it when the listing is decided, in the same transaction — so the stored grade changes
 * on that date by itself, not when the next daily regrade runs. Such rows are derived: every regrade of the enterprise
 * dated today first drops them (reopening the row that covers today) and then writes them again from the listings'
 * dates after today (starts, planned ends, ends), each graded as of its date with the standing carried forward.
 */
export async function dropFutureRows(em: EntityManager, enterpriseId: string, today: IsoDate): Promise<void> {
  const { count: dropped } = await queryChanged(em, `DELETE FROM grading.grades WHERE enterprise_id = $1 AND valid_from > $2::date`, [enterpriseId, today]);
  if (!dropped) return;
  await em.query(`UPDATE grading.grades SET valid_to = NULL WHERE enterprise_id = $1 AND valid_from <= $2::date AND valid_to > $2::date`, [
    enterpriseId,
    today,
  ]);
}

/** Writes a row from each listing date after today where the grade then differs from the row before it; returns how many. */
export async function writeFutureRows(
  em: EntityManager,
  grades: GradesRepository,
  model: GradingModel,
  enterpriseId: string,
  dates: IsoDate[],
  source: string,
  gradeOn: (date: IsoDate, standing: GradeRow['standing']) => Promise<Assignment>,
): Promise<number> {
  let cur = await grades.current(em, enterpriseId);
  if (!cur) return 0;
  let written = 0;
  for (const date of [...new Set(dates)].sort()) {
    if (date <= cur.validFrom) continue;
    const next = await gradeOn(date, cur.standing);
    if (cur.grade === next.grade && cur.score === next.score && cur.overridden === next.overridden && cur.overrideId === next.overrideId) continue;
    const standing = cur.grade === next.grade ? cur.standing : nextStanding(cur.standing, next.grade, date);
    await grades.close(em, cur.id, date);
    await grades.insert(em, {
      enterpriseId,
      grade: next.grade,
      score: next.score,
      modelVersion: model.version,
      explanation: next.explanation,
      standing,
      validFrom: date,
      overridden: next.overridden,
      overrideId: next.overrideId,
      source,
    });
    cur = await grades.current(em, enterpriseId);
    if (!cur) break;
    written++;
  }
  return written;
}
