import {
  consentedStartDate,
  decisionAllowedFrom,
  mayDecideOn,
  newPenaltiesSince,
  plannedEndDate,
  repairEligibility,
  type RepairFacts,
  statementDeadline,
} from './listing-rules.js';
import { maskName } from './listing.views.js';

describe('statement deadline (告知后陈述申辩期限)', () => {
  it.each([
    ['2025-03-01', 10, '2025-03-11'],
    ['2025-02-20', 10, '2025-03-02'], // across a short February
    ['2024-02-20', 10, '2024-03-01'], // leap year
    ['2025-12-28', 10, '2026-01-07'], // across the year
    ['2025-03-01', 15, '2025-03-16'], // a list type configured with 15 days
  ])('notice %s + %i days → deadline %s', (notice, days, deadline) => {
    expect(statementDeadline(notice, days)).toBe(deadline);
  });
});

describe('when a decision may be taken', () => {
  it.each([
    // today,       deadline,     waived, notice,      allowed
    ['2025-03-11', '2025-03-11', false, '2025-03-01', false], // the deadline day itself still belongs to the enterprise
    ['2025-03-12', '2025-03-11', false, '2025-03-01', true],
    ['2025-03-05', '2025-03-11', false, '2025-03-01', false],
    ['2025-03-05', '2025-03-11', true, '2025-03-01', true], // waived: at once
    ['2025-03-01', '2025-03-11', true, '2025-03-01', true],
  ])('on %s with deadline %s (waived %s) → %s', (today, deadline, waived, notice, allowed) => {
    expect(mayDecideOn(today, deadline, waived, notice)).toBe(allowed);
  });

  it('names the first day a decision is possible', () => {
    expect(decisionAllowedFrom('2025-03-11', false, '2025-03-01')).toBe('2025-03-12');
    expect(decisionAllowedFrom('2025-03-11', true, '2025-03-01')).toBe('2025-03-01');
  });
});

describe('planned end = start + duration (SAMR Order 44: three years)', () => {
  it.each([
    ['2025-01-15', 3, '2028-01-15'],
    ['2024-02-29', 3, '2027-02-28'], // leap day clamps to the month's end
    ['2024-02-29', 4, '2028-02-29'],
    ['2025-12-31', 1, '2026-12-31'],
  ])('%s + %i years → %s', (start, years, end) => {
    expect(plannedEndDate(start, years)).toBe(end);
  });
});

// The state machine and the status as read on a day are tested on the aggregate (listing.aggregate.spec.ts).

describe('start of a consented decision (报经上一级同意)', () => {
  it.each([
    ['consent before the asked start: the asked start', '2026-03-01', '2026-03-10', '2026-03-10'],
    ['consent after the asked start: the consent day', '2026-03-12', '2026-03-10', '2026-03-12'],
    ['no start asked: the consent day', '2026-03-12', null, '2026-03-12'],
  ])('%s', (_n, consentDay, requested, expected) => expect(consentedStartDate(consentDay, requested)).toBe(expected));
});

describe('credit repair eligibility (信用修复条件)', () => {
  const base: RepairFacts = {
    today: '2026-02-01',
    startDate: '2025-01-15',
    minListedYears: 1,
    penaltiesFulfilled: true,
    harmRemedied: true,
    pledgeFiled: true,
    newHeavierPenalties: 0,
  };
  it.each<[string, Partial<RepairFacts>, string[]]>([
    ['all conditions met', {}, []],
    ['exactly one year listed', { today: '2026-01-15' }, []],
    ['one day short of a year', { today: '2026-01-14' }, ['listed_long_enough']],
    ['penalty unpaid', { penaltiesFulfilled: false }, ['penalties_fulfilled']],
    ['harm not remedied', { harmRemedied: false }, ['harm_remedied']],
    ['no pledge', { pledgeFiled: false }, ['pledge_filed']],
    ['a new heavier penalty', { newHeavierPenalties: 1 }, ['no_new_heavier_penalty']],
    [
      'everything wrong',
      { today: '2025-06-01', penaltiesFulfilled: false, harmRemedied: false, pledgeFiled: false, newHeavierPenalties: 2 },
      ['listed_long_enough', 'penalties_fulfilled', 'harm_remedied', 'pledge_filed', 'no_new_heavier_penalty'],
    ],
  ])('%s', (_, change, unmet) => {
    const result = repairEligibility({ ...base, ...change });
    expect(result.unmet).toEqual(unmet);
    expect(result.eligible).toBe(unmet.length === 0);
    expect(result.eligibleFrom).toBe('2026-01-15');
  });

  it('counts penalties after the one the listing rests on', () => {
    expect(newPenaltiesSince('2024-12-31')).toBe('2025-01-01');
  });
});

describe('masking the legal representative for roles without personal-data.read', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王', '*'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
