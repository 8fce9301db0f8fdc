import { type IsoDate, type Queryable, querySingle } from '#qcr/platform';
import type { EntityManager } from 'typeorm';
import type { Grade } from './model/grading-model.js';
import { nextStanding, type Standing } from './model/scoring.js';
import type { Assignment } from './model/assign.js';

/** The stored row in force on the run's date (null: none) and the start of the next stored row after it. */
export interface PastSlot {
  covering: {
    id: string;
    grade: Grade;
    overridden: boolean;
    overrideId: string | null;
    validFrom: IsoDate;
    validTo: IsoDate | null;
    standing: Standing;
  } | null;
  nextFrom: IsoDate | null;
}

/** readPastSlots' JSON tuple: enterprise, then the covering row's fields (all null when none), then the next row's start. */
type SlotTuple = [string, string | null, Grade, boolean, string | null, IsoDate, IsoDate | null, Standing, IsoDate | null];

/** A history row a backdated run writes: [validFrom, validTo), always closed, never the open row. */
export interface PastRow {
  enterpriseId: string;
  truncate: string | null;
  validFrom: IsoDate;
  validTo: IsoDate;
  grade: Grade;
  score: number;
  explanation: unknown;
  standing: Standing;
  overridden: boolean;
  overrideId: string | null;
}

/**
 * Issue 15: a run dated D before today writes history, never today. The grade computed for D replaces the stored
 * answer for D only inside the stored period that covers D, up to the next stored change and never past today:
 * [D, min(covering row's end, next row's start, today)). The row valid today (the open row) is never closed or
 * replaced by a backdated run — if it already covers D, the run leaves it and counts the enterprise as kept;
 * only a run dated today (or an event) changes the current grade. Pure.
 */
export function planPastRow(enterpriseId: string, asOf: IsoDate, today: IsoDate, slot: PastSlot, next: Assignment): PastRow | null {
  const cur = slot.covering;
  // the row valid today (open, or ending on a future listing's row: future-grades.ts): untouched by a backdated run
  if (cur && (cur.validTo === null || cur.validTo > today)) return null;
  if (cur && cur.grade === next.grade && cur.overridden === next.overridden && cur.overrideId === next.overrideId) return null;
  const ends = [cur?.validTo, slot.nextFrom, today].filter((d): d is IsoDate => !!d).sort();
  const [validTo = today] = ends; // today is always among the ends
  if (validTo <= asOf) return null;
  return {
    enterpriseId,
    truncate: cur?.id ?? null,
    validFrom: asOf,
    validTo,
    grade: next.grade,
    score: next.score,
    explanation: next.explanation,
    standing: nextStanding(cur?.standing ?? null, next.grade, asOf),
    overridden: next.overridden,
    overrideId: next.overrideId,
  };
}

/** Per enterprise of a chunk: the row covering `asOf` and the next row's start (btree grades_on_date probes). */
export async function readPastSlots(db: Queryable, ids: string[], asOf: IsoDate): Promise<Map<string, PastSlot>> {
  const row = await querySingle<{ slots: string }>(
    db,
    `SELECT coalesce(json_agg(json_build_array(i.id, c.id::text, c.grade, c.overridden, c.override_id, c.valid_from, c.valid_to, c.standing, n.valid_from)), '[]')::text AS slots
       FROM unnest($1::uuid[]) AS i(id)
       LEFT JOIN LATERAL (SELECT g.id, g.grade, g.overridden, g.override_id, g.valid_from, g.valid_to, g.standing FROM grading.grades g
                           WHERE g.enterprise_id = i.id AND g.valid_from <= $2::date AND (g.valid_to IS NULL OR $2::date < g.valid_to)
                           ORDER BY g.valid_from DESC LIMIT 1) c ON true
       LEFT JOIN LATERAL (SELECT g.valid_from FROM grading.grades g WHERE g.enterprise_id = i.id AND g.valid_from > $2::date
                           ORDER BY g.valid_from LIMIT 1) n ON true`,
    [ids, asOf],
  );
  const slots = new Map<string, PastSlot>();
  for (const [eid, id, grade, overridden, overrideId, validFrom, validTo, standing, nextFrom] of JSON.parse(row.slots) as SlotTuple[]) {
    slots.set(eid, { covering: id ? { id, grade, overridden, overrideId, validFrom, validTo, standing } : null, nextFrom });
  }
  return slots;
}

/** Writes a chunk's past rows in the caller's transaction: shorten each covering row to end on D, then insert. */
export async function writePastRows(em: EntityManager, rows: PastRow[], asOf: IsoDate, modelVersion: string, runId: string): Promise<void> {
  if (rows.length === 0) return;
  const truncate = rows.map((r) => r.truncate).filter((id): id is string => id !== null);
  if (truncate.length) {
    // same day: an empty range [D, D), kept in history, never the answer for a date (GradesRepository.close)
    await em.query(`UPDATE grading.grades SET valid_to = greatest(valid_from, $2::date) WHERE id = ANY($1::bigint[]) AND valid_to IS NOT NULL`, [
      truncate,
      asOf,
    ]);
  }
  await em.query(
    `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, valid_to, overridden, override_id, source, run_id)
     SELECT x.e, x.g, x.s, $2, x.x, x.st, x.f, x.t, x.o, x.oi, 'run', $3
       FROM json_to_recordset($1::json) AS x(e uuid, g text, s numeric, x jsonb, st jsonb, f date, t date, o boolean, oi uuid)
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        rows.map((r) => ({
          e: r.enterpriseId,
          g: r.grade,
          s: r.score,
          x: r.explanation,
          st: r.standing,
          f: r.validFrom,
          t: r.validTo,
          o: r.overridden,
          oi: r.overrideId,
        })),
      ),
      modelVersion,
      runId,
    ],
  );
}
