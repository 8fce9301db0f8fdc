import type { Measure } from '#qcr/joint-measures';
import { type Answer, answerChange, verdictsFor, verdictTable } from './answer.js';

const m = (code: string, purpose: string, trigger: Measure['trigger'], kind: Measure['kind'], triggerGrade: Measure['triggerGrade'] = null) =>
  ({ code, purpose, trigger, triggerGrade, kind, active: true }) as Measure;
const catalogue = [
  m('GP-R', 'government_procurement', 'listed', 'restriction'),
  m('GP-C', 'government_procurement', 'grade_at_most', 'restriction', 'C'),
  m('GP-I', 'government_procurement', 'grade_at_least', 'incentive', 'AA'),
];
const table = verdictTable(catalogue);
const answer = (over: Partial<Answer> = {}): Answer => {
  const base = { enterpriseId: 'e', uscc: null, orgCode: 'O', name: 'N', status: 'active', grade: 'A' as const, listed: false, ...over };
  return { ...base, verdicts: verdictsFor(table, base), ...(over.verdicts ? { verdicts: over.verdicts } : {}) };
};

describe('verdictTable: the checks’ own rule per (grade, listed)', () => {
  it.each([
    [null, false, 'clear'],
    ['A', false, 'clear'],
    ['AA', false, 'priority'],
    ['AAA', true, 'restricted'],
    ['C', false, 'restricted'],
    ['B', false, 'clear'],
  ] as const)('grade %s listed %s → %s for procurement', (grade, listed, verdict) => {
    expect(verdictsFor(table, { grade, listed }).government_procurement).toBe(verdict);
    expect(verdictsFor(table, { grade, listed }).financing).toBe('clear'); // no measure of that purpose in this catalogue
  });
});

describe('answerChange: an event only when an answer moves', () => {
  it.each([
    ['nothing moved', answer(), answer(), null],
    [
      'a grade A → B moves no verdict here, but the grade is in the answer',
      answer(),
      answer({ grade: 'B' }),
      { purposes: [], before: { grade: 'A' }, after: { grade: 'B' } },
    ],
    [
      'listed → restricted',
      answer(),
      answer({ listed: true, grade: 'D' }),
      { purposes: ['government_procurement'], verdicts: { government_procurement: { before: 'clear', after: 'restricted' } } },
    ],
    ['a rename', answer(), answer({ name: 'M' }), { purposes: [], verdicts: {}, before: { name: 'N' }, after: { name: 'M' } }],
  ])('%s', (_what, before, after, expected) => {
    const change = answerChange(before, after);
    if (expected === null) expect(change).toBeNull();
    else expect(change).toMatchObject(expected);
  });

  it('a registration moves every purpose from not_registered', () => {
    const change = answerChange(null, answer());
    expect(change?.purposes).toHaveLength(9);
    expect(change?.verdicts.financing).toEqual({ before: 'not_registered', after: 'clear' });
    expect(change?.before).toBeNull();
  });
});
