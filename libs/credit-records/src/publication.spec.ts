import { defaultPublishUntil, isPublished, repairAllowedFrom } from './publication.js';

const general = { publicationMonths: 12, repairMinMonths: 6, repairMinMonthsStrict: 12 };
const minor = { publicationMonths: 3, repairMinMonths: null, repairMinMonthsStrict: null };

describe('publication rules (DOMAIN.md §5)', () => {
  it.each([
    ['general: one year', '2024-03-15', general, '2025-03-15'],
    ['minor: three months', '2024-03-15', minor, '2024-06-15'],
    ['month end clamps', '2024-11-30', minor, '2025-02-28'],
  ])('%s', (_name, occurred, rules, expected) => {
    expect(defaultPublishUntil(occurred, rules)).toBe(expected);
  });

  it.each([
    ['six months for ordinary goods', general, false, '2024-09-15'],
    ['one year for food, drugs, special equipment', general, true, '2025-03-15'],
    ['not repairable', minor, false, null],
  ])('repair allowed from: %s', (_name, rules, strict, expected) => {
    expect(repairAllowedFrom('2024-03-15', rules, strict)).toBe(expected);
  });

  it.each([
    ['active, inside the period', 'active', '2025-01-01', '2024-12-31', true],
    ['active, on the end date', 'active', '2025-01-01', '2025-01-01', false],
    ['disputed records stay shown (marked)', 'disputed', '2025-01-01', '2024-06-01', true],
    ['repaired', 'repaired', '2025-01-01', '2024-06-01', false],
  ])('published: %s', (_name, status, until, today, expected) => {
    expect(isPublished(status, until, today)).toBe(expected);
  });
});
