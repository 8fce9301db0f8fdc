import { isIsoDate } from '#qcr/platform';

/** Grades, best to worst (DOMAIN.md §6). */
export const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const gradeRank = (g: Grade): number => GRADES.indexOf(g);
/** The worse of two grades. */
export const worse = (a: Grade, b: Grade): Grade => (gradeRank(a) >= gradeRank(b) ? a : b);
export const atLeast = (g: Grade, floor: Grade): boolean => gradeRank(g) <= gradeRank(floor);

export interface Indicator {
  category: string;
  /** points per record: negative for negative information */
  points: number;
  /** a record counts while asOf < occurredOn + windowMonths */
  windowMonths: number;
  /** cap on the sum of this category's points per calendar year of occurrence (same sign as points); null: none */
  capPerYear: number | null;
}

export type HardCap =
  | { id: string; kind: 'activeListing'; maxGrade: Grade; name: { zh: string; en: string } }
  | { id: string; kind: 'recordWithin'; categories: string[]; months: number | null; maxGrade: Grade; name: { zh: string; en: string } };

export interface ProgressionRule {
  grade: Grade;
  requiresAtLeast: Grade;
  years: number;
}

/** A grading model version, loaded from seeds/grading-model-v*.json or by an admin. */
export interface GradingModel {
  version: string;
  name: { zh: string; en: string };
  baseScore: number;
  minScore: number;
  maxScore: number;
  countingStatuses: string[];
  indicators: Indicator[];
  thresholds: Array<{ grade: Grade; minScore: number }>;
  hardCaps: HardCap[];
  progression: ProgressionRule[];
  inspectionRates: Record<Grade, number>;
  overrides: { validMonths: number };
}

const isGrade = (v: unknown): v is Grade => typeof v === 'string' && (GRADES as readonly string[]).includes(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a model document; returns the problems found (empty = valid). */
export function modelProblems(doc: unknown): string[] {
  const p: string[] = [];
  const m = doc as Partial<GradingModel> & Record<string, unknown>;
  if (!m || typeof m !== 'object') return ['model must be a JSON object'];
  if (typeof m.version !== 'string' || !/^[A-Za-z0-9._-]{1,40}$/.test(m.version)) p.push('version: 1–40 letters, digits, . _ -');
  if (!m.name || typeof m.name.zh !== 'string' || typeof m.name.en !== 'string') p.push('name: { zh, en } required');
  for (const k of ['baseScore', 'minScore', 'maxScore'] as const) if (!isNum(m[k])) p.push(`${k}: number required`);
  if (isNum(m.minScore) && isNum(m.maxScore) && m.minScore >= m.maxScore) p.push('minScore must be below maxScore');
  if (!Array.isArray(m.countingStatuses) || !m.countingStatuses.every((s) => typeof s === 'string')) p.push('countingStatuses: string[] required');
  if (!Array.isArray(m.indicators)) p.push('indicators: array required');
  else {
    const seen = new Set<string>();
    m.indicators.forEach((i, n) => {
      if (typeof i?.category !== 'string') p.push(`indicators[${n}].category required`);
      else if (seen.has(i.category)) p.push(`indicators[${n}].category ${i.category} repeated`);
      else seen.add(i.category);
      if (!isNum(i?.points)) p.push(`indicators[${n}].points: number required`);
      if (!Number.isInteger(i?.windowMonths) || i.windowMonths < 1) p.push(`indicators[${n}].windowMonths: positive integer required`);
      if (i?.capPerYear !== null && (!isNum(i?.capPerYear) || Math.sign(i.capPerYear) !== Math.sign(i.points))) {
        p.push(`indicators[${n}].capPerYear: null or a number with the sign of points`);
      }
    });
  }
  if (!Array.isArray(m.thresholds) || m.thresholds.length !== GRADES.length) p.push('thresholds: one per grade AAA…D');
  else {
    m.thresholds.forEach((t, n, all) => {
      if (t?.grade !== GRADES[n]) p.push(`thresholds[${n}].grade must be ${GRADES[n]} (best first)`);
      if (!isNum(t?.minScore)) p.push(`thresholds[${n}].minScore: number required`);
      const before = all[n - 1];
      if (before && isNum(t?.minScore) && t.minScore >= before.minScore) p.push(`thresholds[${n}].minScore must decrease`);
    });
  }
  if (!Array.isArray(m.hardCaps)) p.push('hardCaps: array required');
  else {
    m.hardCaps.forEach((c, n) => {
      if (typeof c?.id !== 'string') p.push(`hardCaps[${n}].id required`);
      if (!isGrade(c?.maxGrade)) p.push(`hardCaps[${n}].maxGrade must be a grade`);
      if (c?.kind === 'recordWithin') {
        if (!Array.isArray(c.categories) || c.categories.length === 0) p.push(`hardCaps[${n}].categories required`);
        if (c.months !== null && !(Number.isInteger(c.months) && c.months > 0)) p.push(`hardCaps[${n}].months: null or positive integer`);
      } else if (c?.kind !== 'activeListing') p.push(`hardCaps[${n}].kind: activeListing | recordWithin`);
    });
  }
  if (!Array.isArray(m.progression)) p.push('progression: array required');
  else {
    m.progression.forEach((r, n) => {
      if (!isGrade(r?.grade) || !isGrade(r?.requiresAtLeast)) p.push(`progression[${n}]: grade and requiresAtLeast must be grades`);
      if (!isNum(r?.years) || r.years <= 0) p.push(`progression[${n}].years must be positive`);
    });
  }
  if (!m.inspectionRates || GRADES.some((g) => !isNum(m.inspectionRates?.[g]) || m.inspectionRates[g] < 0 || m.inspectionRates[g] > 1)) {
    p.push('inspectionRates: a rate 0…1 for every grade');
  }
  if (!m.overrides || !Number.isInteger(m.overrides.validMonths) || m.overrides.validMonths < 1) p.push('overrides.validMonths: positive integer');
  return p;
}

export { isIsoDate };
