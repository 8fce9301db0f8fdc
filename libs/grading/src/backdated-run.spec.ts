import { planPastRow, type PastSlot } from './backdated-run.js';
import type { Assignment } from './model/assign.js';

const next = (grade: Assignment['grade']): Assignment => ({
  grade,
  score: 80,
  explanation: {} as Assignment['explanation'],
  overridden: false,
  overrideId: null,
});
const row = (grade: Assignment['grade'], validFrom: string, validTo: string | null) => ({
  id: '1',
  grade,
  overridden: false,
  overrideId: null,
  validFrom,
  validTo,
  standing: {},
});

describe('planPastRow: a run dated D before today writes history, never today (issue 15)', () => {
  const D = '2023-12-02';
  const today = '2026-12-02';
  it.each<[string, PastSlot, Assignment['grade'], { validTo: string; truncate: string | null } | null]>([
    ['the open row covers D: untouched, whatever D computes', { covering: row('D', '2020-01-01', null), nextFrom: null }, 'A', null],
    ['a closed row covers D with the same grade: nothing to write', { covering: row('A', '2023-01-01', '2024-06-01'), nextFrom: '2024-06-01' }, 'A', null],
    [
      'a closed row covers D with another grade: D … its end',
      { covering: row('B', '2023-01-01', '2024-06-01'), nextFrom: '2024-06-01' },
      'A',
      { validTo: '2024-06-01', truncate: '1' },
    ],
    ['no row on D, a later row: D … its start', { covering: null, nextFrom: '2025-05-05' }, 'A', { validTo: '2025-05-05', truncate: null }],
    ['never graded: D … today, no open row', { covering: null, nextFrom: null }, 'A', { validTo: today, truncate: null }],
  ])('%s', (_what, slot, grade, expected) => {
    const planned = planPastRow('e', D, today, slot, next(grade));
    if (expected === null) expect(planned).toBeNull();
    else expect(planned).toMatchObject({ validFrom: D, validTo: expected.validTo, truncate: expected.truncate, grade });
  });
});
