import { addMonths, addYears, type IsoDate } from '#qcr/platform';
import { atLeast, type Grade, GRADES, gradeRank, type GradingModel, worse } from './grading-model.js';

/** The facts of one record that scoring reads (a subset of CreditFact, with its status as of the grading date). */
export interface ScoredRecord {
  id: string;
  categoryCode: string;
  occurredOn: IsoDate;
  status: string;
}

/** For each grade, the date since which the enterprise has held that grade or better without a break (null: not now). */
export type Standing = Partial<Record<Grade, IsoDate | null>>;

export interface GradePeriod {
  grade: Grade;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface ExplanationLine {
  recordId: string;
  category: string;
  occurredOn: IsoDate;
  /** points applied after the per-year cap */
  points: number;
  nominal: number;
  /** first day the record no longer counts */
  countsUntil: IsoDate;
  capped?: true;
}

export interface Explanation {
  modelVersion: string;
  asOf: IsoDate;
  baseScore: number;
  lines: ExplanationLine[];
  score: number;
  thresholdGrade: Grade;
  /** progression rules that held the grade down */
  progression: Array<{ wanted: Grade; requiresAtLeast: Grade; years: number; since: IsoDate | null; eligibleOn: IsoDate | null }>;
  /** hard caps that applied (even when the grade was already at or below them) */
  caps: Array<{ id: string; maxGrade: Grade; recordIds?: string[]; listingIds?: string[] }>;
  grade: Grade;
}

export interface ScoringInput {
  records: ScoredRecord[];
  asOf: IsoDate;
  /** ids of active blacklist listings on asOf */
  activeListings: string[];
  standing: Standing;
}

export interface ScoringResult {
  grade: Grade;
  score: number;
  explanation: Explanation;
}

/**
 * The grade of one enterprise on one date: base score plus indicator points inside their window
 * (per-year caps), the threshold grade, then progression rules, then hard caps. Pure.
 */
export function scoreEnterprise(model: GradingModel, input: ScoringInput): ScoringResult {
  const { asOf } = input;
  const { indicators, counting } = compiled(model);
  const live = input.records.filter((r) => counting.has(r.status) && r.occurredOn <= asOf);

  const lines: ExplanationLine[] = [];
  const perYear = new Map<string, number>();
  const sorted = [...live].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.id < b.id ? -1 : 1));
  let total = 0;
  for (const r of sorted) {
    const ind = indicators.get(r.categoryCode);
    if (!ind) continue;
    const countsUntil = monthsAfter(r.occurredOn, ind.windowMonths);
    if (asOf >= countsUntil) continue;
    const key = `${r.categoryCode}|${r.occurredOn.slice(0, 4)}`;
    const sofar = perYear.get(key) ?? 0;
    let points = ind.points;
    if (ind.capPerYear !== null) {
      const room = ind.capPerYear - sofar; // same sign as points
      if (Math.abs(points) > Math.abs(room)) points = room;
    }
    perYear.set(key, sofar + points);
    total += points;
    const line: ExplanationLine = { recordId: r.id, category: r.categoryCode, occurredOn: r.occurredOn, points, nominal: ind.points, countsUntil };
    if (points !== ind.points) line.capped = true;
    lines.push(line);
  }
  const score = Math.max(model.minScore, Math.min(model.maxScore, model.baseScore + total));
  const thresholdGrade = model.thresholds.find((t) => score >= t.minScore)?.grade ?? 'D';

  // Progression (Jiangsu practice): a better grade only after holding the grade below long enough.
  let grade: Grade = thresholdGrade;
  const progression: Explanation['progression'] = [];
  for (;;) {
    const rule = model.progression.find((p) => p.grade === grade);
    if (!rule) break;
    const since = input.standing[rule.requiresAtLeast] ?? null;
    const eligibleOn = since ? addYears(since, rule.years) : null;
    if (eligibleOn !== null && eligibleOn <= asOf) break;
    progression.push({ wanted: grade, requiresAtLeast: rule.requiresAtLeast, years: rule.years, since, eligibleOn });
    const lower = GRADES[gradeRank(grade) + 1];
    if (!lower) break; // D has no grade below it to wait in
    grade = lower;
  }

  const caps: Explanation['caps'] = [];
  for (const cap of model.hardCaps) {
    if (cap.kind === 'activeListing') {
      if (input.activeListings.length === 0) continue;
      caps.push({ id: cap.id, maxGrade: cap.maxGrade, listingIds: input.activeListings });
    } else {
      const from = cap.months === null ? null : monthsAfter(asOf, -cap.months);
      const hits = live.filter((r) => cap.categories.includes(r.categoryCode) && (from === null || r.occurredOn > from));
      if (hits.length === 0) continue;
      caps.push({ id: cap.id, maxGrade: cap.maxGrade, recordIds: hits.map((r) => r.id) });
    }
    grade = worse(grade, cap.maxGrade);
  }

  return {
    grade,
    score,
    explanation: { modelVersion: model.version, asOf, baseScore: model.baseScore, lines, score, thresholdGrade, progression, caps, grade },
  };
}

// A full regrade scores a million enterprises: look-ups are prepared once per model, and the few thousand
// distinct (date, months) pairs are computed once.
const compiledModels = new WeakMap<GradingModel, { indicators: Map<string, GradingModel['indicators'][number]>; counting: Set<string> }>();
function compiled(model: GradingModel) {
  let c = compiledModels.get(model);
  if (!c) {
    c = { indicators: new Map(model.indicators.map((i) => [i.category, i])), counting: new Set(model.countingStatuses) };
    compiledModels.set(model, c);
  }
  return c;
}
const monthsMemo = new Map<string, IsoDate>();
function monthsAfter(date: IsoDate, months: number): IsoDate {
  const key = `${date}|${months}`;
  let v = monthsMemo.get(key);
  if (v === undefined) {
    if (monthsMemo.size > 200_000) monthsMemo.clear();
    v = addMonths(date, months);
    monthsMemo.set(key, v);
  }
  return v;
}

/** Standing on `asOf` from the grade history: walks back from the latest period while contiguous. Pure. */
export function standingFrom(history: GradePeriod[], asOf: IsoDate): Standing {
  const periods = history
    .filter((p) => p.validFrom <= asOf && (p.validTo === null || p.validTo > p.validFrom))
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  const standing: Standing = {};
  for (const g of GRADES) {
    let since: IsoDate | null = null;
    let expectedEnd: IsoDate = asOf;
    for (const p of periods) {
      if (p.validTo !== null && p.validTo < expectedEnd) break; // a gap
      if (!atLeast(p.grade, g)) break;
      since = p.validFrom;
      expectedEnd = p.validFrom;
    }
    if (since) standing[g] = since;
  }
  return standing;
}

/** Standing after a new period starting `validFrom` with `grade`, continuing `previous` (the open period's standing). */
export function nextStanding(previous: Standing | null, grade: Grade, validFrom: IsoDate): Standing {
  const next: Standing = {};
  for (const g of GRADES) if (atLeast(grade, g)) next[g] = previous?.[g] ?? validFrom;
  return next;
}
