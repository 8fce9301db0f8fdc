import { readFileSync } from 'node:fs';
import { seedFile } from '#qcr/platform';
import { type GradingModel, modelProblems } from './grading-model.js';
import { nextStanding, type ScoredRecord, scoreEnterprise, standingFrom, type Standing } from './scoring.js';

const model = JSON.parse(readFileSync(seedFile('grading-model-v1.json'), 'utf8')) as GradingModel;
const rec = (categoryCode: string, occurredOn: string, status = 'active', id = `${categoryCode}-${occurredOn}`): ScoredRecord => ({
  id,
  categoryCode,
  occurredOn,
  status,
});
const ASOF = '2025-06-30';
const longA: Standing = { A: '2020-01-01', B: '2020-01-01', C: '2020-01-01', D: '2020-01-01' };

describe('grading model v1 (seeds/grading-model-v1.json)', () => {
  it('is a valid model document', () => {
    expect(modelProblems(model)).toEqual([]);
  });

  it('rejects a broken document with readable problems', () => {
    expect(modelProblems({ ...model, thresholds: [], version: '' })).toEqual(
      expect.arrayContaining(['version: 1–40 letters, digits, . _ -', 'thresholds: one per grade AAA…D']),
    );
  });
});

describe('scoreEnterprise: one scenario per row (DOMAIN.md §6)', () => {
  it.each<[string, ScoredRecord[], string[], Standing, string, number, string]>([
    ['clean record', [], [], longA, ASOF, 80, 'A'],
    ['one failed sampling', [rec('sampling_failed', '2025-01-10')], [], longA, ASOF, 70, 'B'],
    ['a heavier penalty in the last 12 months caps at C', [rec('penalty_heavier', '2025-02-01')], [], longA, ASOF, 60, 'C'],
    ['a heavier penalty older than 12 months no longer caps', [rec('penalty_heavier', '2024-02-01')], [], longA, ASOF, 60, 'B'],
    ['an active blacklist listing gives D whatever the score', [rec('quality_award', '2025-01-01')], ['listing-1'], longA, ASOF, 90, 'D'],
    ['a repaired record no longer counts', [rec('sampling_failed', '2025-01-10', 'repaired')], [], longA, ASOF, 80, 'A'],
    ['a revoked record never counts', [rec('penalty_general', '2025-01-10', 'revoked')], [], longA, ASOF, 80, 'A'],
    ['a disputed record still counts (marked)', [rec('sampling_failed', '2025-01-10', 'disputed')], [], longA, ASOF, 70, 'B'],
    [
      'an unresolved quality accident caps at B',
      [rec('quality_accident', '2022-01-10'), rec('quality_award', '2024-01-01'), rec('famous_brand', '2024-01-01')],
      [],
      longA,
      ASOF,
      95,
      'B',
    ],
    ['an award lifts A to AA after two years at A', [rec('quality_award', '2025-01-01')], [], { A: '2023-06-30', B: '2023-06-30' }, ASOF, 90, 'AA'],
    ['an award does not lift A to AA one day short of two years', [rec('quality_award', '2025-01-01')], [], { A: '2023-07-01' }, ASOF, 90, 'A'],
    ['an award does not lift a new enterprise above A', [rec('quality_award', '2025-01-01')], [], {}, ASOF, 90, 'A'],
    [
      'AAA needs a year at AA or better',
      [rec('quality_award', '2025-01-01'), rec('famous_brand', '2025-01-01')],
      [],
      { AA: '2024-07-01', A: '2021-01-01' },
      ASOF,
      95,
      'AA',
    ],
    [
      'AAA after a year at AA',
      [rec('quality_award', '2025-01-01'), rec('famous_brand', '2025-01-01')],
      [],
      { AA: '2024-06-30', A: '2021-01-01' },
      ASOF,
      95,
      'AAA',
    ],
    ['a record the day before it leaves its window counts', [rec('sampling_failed', '2023-03-15')], [], longA, '2025-03-14', 70, 'B'],
    ['a record leaves its 24-month window on the right day', [rec('sampling_failed', '2023-03-15')], [], longA, '2025-03-15', 80, 'A'],
    [
      'per-year cap: three failed samplings in one year count -20, not -30',
      [
        rec('sampling_failed', '2025-01-10', 'active', 'a'),
        rec('sampling_failed', '2025-02-10', 'active', 'b'),
        rec('sampling_failed', '2025-03-10', 'active', 'c'),
      ],
      [],
      longA,
      ASOF,
      60,
      'B',
    ],
    ['a record dated after the grading date does not count', [rec('sampling_failed', '2025-07-01')], [], longA, ASOF, 80, 'A'],
    ['counterfeiting plus an accident: D by score', [rec('counterfeiting', '2025-01-01'), rec('quality_accident', '2025-02-01')], [], longA, ASOF, 15, 'D'],
  ])('%s', (_name, records, listings, standing, asOf, score, grade) => {
    const result = scoreEnterprise(model, { records, asOf, activeListings: listings, standing });
    expect({ score: result.score, grade: result.grade }).toEqual({ score, grade });
    expect(result.explanation.grade).toBe(grade);
    expect(result.explanation.modelVersion).toBe('v1');
  });

  it('explains which records moved which points and which cap applied', () => {
    const result = scoreEnterprise(model, { records: [rec('penalty_heavier', '2025-02-01', 'active', 'r1')], asOf: ASOF, activeListings: [], standing: longA });
    expect(result.explanation).toMatchObject({
      baseScore: 80,
      score: 60,
      thresholdGrade: 'B',
      lines: [{ recordId: 'r1', category: 'penalty_heavier', points: -20, countsUntil: '2028-02-01' }],
      caps: [{ id: 'heavier-penalty-12m', maxGrade: 'C', recordIds: ['r1'] }],
      grade: 'C',
    });
  });

  it('marks a capped line and names the progression rule that held a grade down', () => {
    const capped = scoreEnterprise(model, {
      records: [
        rec('sampling_failed', '2025-01-10', 'active', 'a'),
        rec('sampling_failed', '2025-02-10', 'active', 'b'),
        rec('sampling_failed', '2025-03-10', 'active', 'c'),
      ],
      asOf: ASOF,
      activeListings: [],
      standing: longA,
    });
    expect(capped.explanation.lines.map((l) => [l.points, l.capped ?? false])).toEqual([
      [-10, false],
      [-10, false],
      [0, true],
    ]);
    const held = scoreEnterprise(model, { records: [rec('quality_award', '2025-01-01')], asOf: ASOF, activeListings: [], standing: { A: '2024-01-01' } });
    expect(held.explanation.progression).toEqual([{ wanted: 'AA', requiresAtLeast: 'A', years: 2, since: '2024-01-01', eligibleOn: '2026-01-01' }]);
  });
});

describe('standing from previous grades', () => {
  it.each([
    ['no history', [], '2025-01-01', {}],
    [
      'one open period at A',
      [{ grade: 'A', validFrom: '2022-01-01', validTo: null }],
      '2025-01-01',
      { A: '2022-01-01', B: '2022-01-01', C: '2022-01-01', D: '2022-01-01' },
    ],
    [
      'B then A: A only since the change',
      [
        { grade: 'B', validFrom: '2020-01-01', validTo: '2023-05-01' },
        { grade: 'A', validFrom: '2023-05-01', validTo: null },
      ],
      '2025-01-01',
      { A: '2023-05-01', B: '2020-01-01', C: '2020-01-01', D: '2020-01-01' },
    ],
    [
      'A then AA: A or better since the start',
      [
        { grade: 'A', validFrom: '2020-01-01', validTo: '2024-01-01' },
        { grade: 'AA', validFrom: '2024-01-01', validTo: null },
      ],
      '2025-01-01',
      { AA: '2024-01-01', A: '2020-01-01', B: '2020-01-01', C: '2020-01-01', D: '2020-01-01' },
    ],
    [
      'a gap breaks the run',
      [
        { grade: 'A', validFrom: '2020-01-01', validTo: '2021-01-01' },
        { grade: 'A', validFrom: '2022-01-01', validTo: null },
      ],
      '2025-01-01',
      { A: '2022-01-01', B: '2022-01-01', C: '2022-01-01', D: '2022-01-01' },
    ],
  ])('%s', (_name, history, asOf, expected) => {
    expect(standingFrom(history as never, asOf)).toEqual(expected);
  });

  it('carries a run across a new period and drops grades no longer held', () => {
    expect(nextStanding({ A: '2020-01-01', B: '2019-01-01', C: '2019-01-01', D: '2019-01-01' }, 'AA', '2025-01-01')).toEqual({
      AA: '2025-01-01',
      A: '2020-01-01',
      B: '2019-01-01',
      C: '2019-01-01',
      D: '2019-01-01',
    });
    expect(nextStanding({ A: '2020-01-01', B: '2019-01-01' }, 'B', '2025-01-01')).toEqual({ B: '2019-01-01', C: '2025-01-01', D: '2025-01-01' });
  });
});
