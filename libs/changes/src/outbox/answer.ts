import { type Grade, GRADES } from '#qcr/grading';
import { CHECK_PURPOSES, type CheckPurpose, decideVerdict, type Measure, type Verdict } from '#qcr/joint-measures';

export type Verdicts = Record<CheckPurpose, Verdict>;

/** What a check answers about an enterprise today, purpose by purpose: the part a partner acts on. */
export interface Answer {
  enterpriseId: string;
  uscc: string | null;
  orgCode: string;
  name: string;
  status: string;
  grade: Grade | null;
  listed: boolean;
  verdicts: Verdicts;
}

/** The facts a verdict depends on (docs/checks.md "The verdict rule"): the grade and whether a listing is in force. */
export type AnswerFacts = Omit<Answer, 'verdicts'>;

export interface VerdictChange {
  before: Verdict;
  after: Verdict;
}

/** One row of the change feed, before its cursor is assigned. */
export interface AnswerChange {
  enterpriseId: string;
  uscc: string | null;
  orgCode: string;
  /** the purposes whose verdict moved (empty: only a purpose-independent field moved, e.g. the name) */
  purposes: CheckPurpose[];
  verdicts: Partial<Record<CheckPurpose, VerdictChange>>;
  /** the fields that moved, before and after */
  before: Partial<Omit<AnswerFacts, 'enterpriseId' | 'uscc' | 'orgCode'>> | null;
  after: Partial<Omit<AnswerFacts, 'enterpriseId' | 'uscc' | 'orgCode'>>;
}

/** Every verdict of an enterprise not (yet) registered: the `before` of its first answer. */
export const NOT_REGISTERED = Object.fromEntries(CHECK_PURPOSES.map((p) => [p, 'not_registered'])) as Verdicts;

const comboKey = (grade: Grade | null, listed: boolean) => `${grade ?? '-'}|${listed ? 'L' : '-'}`;

/**
 * The verdict of every purpose for each of the 14 (grade, listed) combinations, decided by the checks' own rule
 * (`decideVerdict`, joint-measures) over the given catalogue: a verdict depends on nothing else, so a catalogue
 * change is diffed per combination, not per enterprise.
 */
export function verdictTable(catalogue: readonly Measure[]): Map<string, Verdicts> {
  const table = new Map<string, Verdicts>();
  for (const grade of [null, ...GRADES]) {
    for (const listed of [false, true]) {
      const verdicts = {} as Verdicts;
      for (const purpose of CHECK_PURPOSES) {
        verdicts[purpose] = decideVerdict({ registered: true, grade, activeListings: listed ? 1 : 0, purpose, measures: catalogue }).verdict;
      }
      table.set(comboKey(grade, listed), verdicts);
    }
  }
  return table;
}

export function verdictsFor(table: Map<string, Verdicts>, facts: Pick<AnswerFacts, 'grade' | 'listed'>): Verdicts {
  return table.get(comboKey(facts.grade, facts.listed))!;
}

/**
 * The feed's rule: an event when anything a check answers today moves (a verdict of any purpose, the grade, a listing
 * coming into or out of force, the registration status, the name); nothing when nothing moves. `before` null: the
 * enterprise was not registered (every verdict was `not_registered`).
 */
export function answerChange(before: Answer | null, after: Answer): AnswerChange | null {
  const prior = before?.verdicts ?? NOT_REGISTERED;
  const verdicts: AnswerChange['verdicts'] = {};
  const purposes: CheckPurpose[] = [];
  for (const p of CHECK_PURPOSES) {
    if (prior[p] !== after.verdicts[p]) {
      verdicts[p] = { before: prior[p], after: after.verdicts[p] };
      purposes.push(p);
    }
  }
  const fields = ['name', 'status', 'grade', 'listed'] as const;
  const moved = before ? fields.filter((f) => before[f] !== after[f]) : [...fields];
  if (purposes.length === 0 && moved.length === 0) return null;
  return {
    enterpriseId: after.enterpriseId,
    uscc: after.uscc,
    orgCode: after.orgCode,
    purposes,
    verdicts,
    before: before ? Object.fromEntries(moved.map((f) => [f, before[f]])) : null,
    after: Object.fromEntries(moved.map((f) => [f, after[f]])),
  };
}

/** The table as the JSON recordset the SQL joins (answers.sql.ts COMBOS). */
export function verdictCombos(table: Map<string, Verdicts>): { grade: Grade | null; listed: boolean; verdicts: Verdicts }[] {
  return [...table.entries()].map(([key, verdicts]) => {
    const [grade, listed] = key.split('|');
    return { grade: grade === '-' ? null : (grade as Grade), listed: listed === 'L', verdicts };
  });
}
