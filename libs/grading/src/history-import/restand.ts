import type { EntityManager } from 'typeorm';
import type { Grade } from '../model/grading-model.js';
import { nextStanding, type Standing } from '../model/scoring.js';

/**
 * Recomputes `standing` (since when each grade or better has been held without a break) along an enterprise's whole
 * history in date order, so progression sees imported years. A gap between periods breaks the run (DOMAIN.md §6).
 */
export async function restand(em: EntityManager, enterpriseId: string): Promise<void> {
  const rows: Array<{ id: string; grade: Grade; valid_from: string; valid_to: string | null }> = await em.query(
    `SELECT id::text, grade, valid_from::text, valid_to::text FROM grading.grades
      WHERE enterprise_id = $1 AND (valid_to IS NULL OR valid_to > valid_from) ORDER BY valid_from`,
    [enterpriseId],
  );
  let prev: { standing: Standing; validTo: string | null } | null = null;
  const updates: Array<{ id: string; standing: Standing }> = [];
  for (const r of rows) {
    const standing = nextStanding(prev && prev.validTo === r.valid_from ? prev.standing : null, r.grade, r.valid_from);
    updates.push({ id: r.id, standing });
    prev = { standing, validTo: r.valid_to };
  }
  await em.query(`UPDATE grading.grades g SET standing = u.standing FROM json_to_recordset($1::json) AS u(id bigint, standing jsonb) WHERE g.id = u.id`, [
    JSON.stringify(updates),
  ]);
}
