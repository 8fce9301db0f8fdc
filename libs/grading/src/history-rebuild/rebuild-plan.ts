import { addMonths, type IsoDate } from '#qcr/platform';
import type { Assignment } from '../model/assign.js';
import type { Grade, GradingModel } from '../model/grading-model.js';
import { nextStanding, type Standing } from '../model/scoring.js';

/** A stored grade row as the rebuild sees it. */
export interface StoredGrade {
  grade: Grade;
  score: number;
  overridden: boolean;
  overrideId: string | null;
  modelVersion: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  source: string;
  standing: Standing;
}

/** A row the rebuild wants from `from` on (never an imported period: those stay as imported). */
export interface PlannedGrade extends Assignment {
  modelVersion: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  standing: Standing;
}

/**
 * The dates on which an enterprise's grade may move, from `from` to `today` (DOMAIN.md §5–§6): a record counts from
 * its occurrence and stops when its window or a cap's months end, or on its repair; listings start and end; approved
 * overrides start and lapse; imported periods end. Progression dates are found while walking (see walkHistory).
 */
export function eventDates(
  model: GradingModel,
  from: IsoDate,
  today: IsoDate,
  facts: { records: Array<{ occurredOn: IsoDate; repairedOn: IsoDate | null }>; listings: IsoDate[]; overrides: IsoDate[]; importEnds: IsoDate[] },
): IsoDate[] {
  const months = [
    ...new Set([...model.indicators.map((i) => i.windowMonths), ...model.hardCaps.flatMap((c) => (c.kind === 'recordWithin' && c.months ? [c.months] : []))]),
  ];
  const dates = new Set<IsoDate>([from]);
  const add = (d: IsoDate | null) => d && d > from && d <= today && dates.add(d);
  for (const r of facts.records) {
    add(r.occurredOn);
    add(r.repairedOn);
    for (const m of months) add(addMonths(r.occurredOn, m));
  }
  for (const d of [...facts.listings, ...facts.overrides, ...facts.importEnds]) add(d);
  return [...dates].sort();
}

/**
 * Walks the dates in order, grading each with the standing carried from the one before (an imported period in
 * between sets the standing as it would have been held), and merges consecutive dates with the same result into rows.
 * A progression rule that held the grade down names the day it becomes eligible: that day is walked too.
 * `grade(d, standing)` is the same rule a regrade applies (assignGrade on what counts on d).
 */
export async function walkHistory(
  dates: IsoDate[],
  today: IsoDate,
  start: { standing: Standing | null; grade: Grade | null },
  imports: StoredGrade[],
  modelVersion: string,
  grade: (date: IsoDate, standing: Standing) => Promise<Assignment>,
): Promise<PlannedGrade[]> {
  const queue = [...dates];
  const pendingImports = [...imports].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  let standing = start.standing;
  let last = start.grade;
  const rows: PlannedGrade[] = [];
  const close = (at: IsoDate) => {
    const open = rows[rows.length - 1];
    if (open && open.validTo === null) open.validTo = at;
  };
  while (queue.length) {
    queue.sort();
    const date = queue.shift()!;
    if (queue[0] === date) continue;
    while (pendingImports[0] && pendingImports[0].validFrom <= date) {
      const imp = pendingImports.shift()!;
      close(imp.validFrom);
      standing = nextStanding(last === null ? null : standing, imp.grade, imp.validFrom);
      last = imp.grade;
    }
    if (imports.some((i) => i.validFrom <= date && (i.validTo === null || date < i.validTo))) continue;
    const next = await grade(date, standing ?? {});
    for (const p of next.explanation.progression ?? []) if (p.eligibleOn && p.eligibleOn > date && p.eligibleOn <= today) queue.push(p.eligibleOn);
    const open = rows[rows.length - 1];
    if (
      open &&
      open.validTo === null &&
      open.grade === next.grade &&
      open.score === next.score &&
      open.overridden === next.overridden &&
      open.overrideId === next.overrideId
    )
      continue;
    close(date);
    standing = last === next.grade && standing ? standing : nextStanding(standing, next.grade, date);
    last = next.grade;
    rows.push({ ...next, modelVersion, validFrom: date, validTo: null, standing });
  }
  // A row followed by an imported period ends where that period starts.
  for (const imp of pendingImports) close(imp.validFrom);
  return rows;
}

/** True when the stored rows from `from` on (non-imported, clipped at `from`) already are the plan: nothing to write. */
export function samePlan(stored: StoredGrade[], planned: PlannedGrade[], from: IsoDate): boolean {
  const mine = stored
    .filter((r) => r.source !== 'import' && (r.validTo === null || r.validTo > from) && (r.validTo === null || r.validTo > r.validFrom))
    .map((r) => ({ ...r, validFrom: r.validFrom < from ? from : r.validFrom }))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (mine.length !== planned.length) return false;
  return mine.every((r, i) => {
    const p = planned[i];
    if (!p) return false; // same length, checked above
    return (
      r.grade === p.grade &&
      r.score === p.score &&
      r.overridden === p.overridden &&
      r.overrideId === p.overrideId &&
      r.modelVersion === p.modelVersion &&
      r.validFrom === p.validFrom &&
      r.validTo === p.validTo
    );
  });
}
