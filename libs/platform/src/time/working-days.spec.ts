import { addWorkingDays, type CalendarDayKind, isWorkingDay } from './working-days.js';

const none = new Map<string, CalendarDayKind>();
// 2026-10-01 (Thu) … 10-07 National Day off; Sat 2026-10-10 worked (调休) — an illustrative calendar
const nationalDay = new Map<string, CalendarDayKind>([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday'] as [string, CalendarDayKind]),
  ['2026-10-10', 'workday'],
]);

describe('working days (Order 44 art. 19: within three working days)', () => {
  it.each([
    ['Monday + 3 = Thursday', '2026-03-02', 3, none, '2026-03-05'],
    ['Thursday + 3 skips the weekend: Tuesday', '2026-03-05', 3, none, '2026-03-10'],
    ['Friday + 1 = Monday', '2026-03-06', 1, none, '2026-03-09'],
    ['Saturday + 1 = Monday', '2026-03-07', 1, none, '2026-03-09'],
    ['Wednesday before National Day + 3: holidays skipped, the worked Saturday is the third', '2026-09-30', 3, nationalDay, '2026-10-10'],
    ['Thursday 10-08 + 3: Friday, worked Saturday, Monday', '2026-10-08', 3, nationalDay, '2026-10-12'],
    ['a holiday on a Monday is skipped', '2026-03-06', 1, new Map<string, CalendarDayKind>([['2026-03-09', 'holiday']]), '2026-03-10'],
    ['zero days: the day itself', '2026-03-07', 0, none, '2026-03-07'],
  ])('%s', (_name, from, n, calendar, expected) => {
    expect(addWorkingDays(from, n, calendar)).toBe(expected);
  });

  it.each([
    ['2026-03-07', none, false], // Saturday
    ['2026-03-09', none, true], // Monday
    ['2026-10-01', nationalDay, false],
    ['2026-10-10', nationalDay, true], // a Saturday worked
  ] as const)('%s working: %s', (date, calendar, expected) => expect(isWorkingDay(date, calendar)).toBe(expected));
});
