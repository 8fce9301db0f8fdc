import type { Grade, Measure, MeasureTrigger } from '../measures/measure.types.js';
import { decideVerdict, triggerFires } from './verdict.js';

const m = (
  code: string,
  kind: Measure['kind'],
  trigger: MeasureTrigger,
  triggerGrade: Grade | null,
  purpose: Measure['purpose'] = 'government_procurement',
  active = true,
): Measure => ({
  code,
  kind,
  trigger,
  triggerGrade,
  purpose,
  active,
  department: '财政部',
  legalBasis: '《政府采购法》第二十二条',
  text: { zh: code, en: code },
  version: 1,
});

const catalogue: Measure[] = [
  m('GP-PRIORITY-AA', 'incentive', 'grade_at_least', 'AA'),
  m('GP-EXCLUDE-LISTED', 'restriction', 'listed', null),
  m('GP-RESTRICT-C', 'restriction', 'grade_at_most', 'C'),
  m('GP-RETIRED', 'restriction', 'grade_at_most', 'A', 'government_procurement', false),
  m('HON-EXCLUDE-LISTED', 'restriction', 'listed', null, 'honours'),
];

describe('decideVerdict (联合奖惩核查结论)', () => {
  it.each<[string, boolean, Grade | null, number, string, string[]]>([
    ['unknown enterprise', false, null, 0, 'not_registered', []],
    ['AAA gets priority', true, 'AAA', 0, 'priority', ['GP-PRIORITY-AA']],
    ['AA gets priority', true, 'AA', 0, 'priority', ['GP-PRIORITY-AA']],
    ['A is clear, not priority', true, 'A', 0, 'clear', []],
    ['B is clear', true, 'B', 0, 'clear', []],
    ['C is restricted', true, 'C', 0, 'restricted', ['GP-RESTRICT-C']],
    ['D is restricted', true, 'D', 0, 'restricted', ['GP-RESTRICT-C']],
    ['ungraded and unlisted is clear', true, null, 0, 'clear', []],
    ['listed AAA is restricted, incentives suppressed', true, 'AAA', 1, 'restricted', ['GP-EXCLUDE-LISTED']],
    ['listed and ungraded is restricted', true, null, 2, 'restricted', ['GP-EXCLUDE-LISTED']],
    ['listed D gets every firing restriction', true, 'D', 1, 'restricted', ['GP-EXCLUDE-LISTED', 'GP-RESTRICT-C']],
  ])('%s', (_name, registered, grade, activeListings, verdict, codes) => {
    const result = decideVerdict({ registered, grade, activeListings, purpose: 'government_procurement', measures: catalogue });
    expect(result.verdict).toBe(verdict);
    expect(result.applicable.map((x) => x.code)).toEqual(codes);
  });

  it('only applies measures of the purpose asked about', () => {
    expect(decideVerdict({ registered: true, grade: 'C', activeListings: 0, purpose: 'honours', measures: catalogue }).verdict).toBe('clear');
    expect(decideVerdict({ registered: true, grade: 'A', activeListings: 1, purpose: 'honours', measures: catalogue }).applicable.map((x) => x.code)).toEqual([
      'HON-EXCLUDE-LISTED',
    ]);
  });

  it('a purpose with no catalogued measures is clear even for a listed enterprise (the catalogue drives the verdict)', () => {
    expect(decideVerdict({ registered: true, grade: 'D', activeListings: 1, purpose: 'state_land', measures: catalogue }).verdict).toBe('clear');
  });
});

describe('triggerFires', () => {
  it.each<[MeasureTrigger, Grade | null, Grade | null, number, boolean]>([
    ['listed', null, 'AAA', 0, false],
    ['listed', null, 'AAA', 1, true],
    ['grade_at_most', 'C', 'B', 0, false],
    ['grade_at_most', 'C', 'C', 0, true],
    ['grade_at_most', 'C', 'D', 0, true],
    ['grade_at_most', 'C', null, 0, false],
    ['grade_at_least', 'AA', 'A', 0, false],
    ['grade_at_least', 'AA', 'AA', 0, true],
    ['grade_at_least', 'AA', 'AAA', 0, true],
    ['grade_at_least', 'AA', null, 0, false],
  ])('%s %s with grade %s and %d listings → %s', (trigger, triggerGrade, grade, listings, fires) => {
    expect(triggerFires({ trigger, triggerGrade }, grade, listings)).toBe(fires);
  });
});
