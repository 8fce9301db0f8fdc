import { addDays, type IsoDate } from './china-date.js';

/**
 * A day's place in the working calendar beyond the weekend rule: `holiday` (a weekday off, 法定节假日) or `workday`
 * (a weekend day worked, 调休上班). Anything not listed is a working day from Monday to Friday.
 */
export type CalendarDayKind = 'holiday' | 'workday';

/** Is the date (YYYY-MM-DD, a China calendar date) a working day? */
export function isWorkingDay(date: IsoDate, calendar: ReadonlyMap<IsoDate, CalendarDayKind>): boolean {
  const listed = calendar.get(date);
  if (listed) return listed === 'workday';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // a calendar date: its weekday does not depend on a zone
  return weekday !== 0 && weekday !== 6;
}

/**
 * The n-th working day after `from` (from itself not counted): "within three working days" of a revocation opened on
 * `from` (SAMR Order 44 art. 19) ends on addWorkingDays(from, 3). DOMAIN.md §10: periods in days are calendar days
 * unless a working-day calendar is configured.
 */
export function addWorkingDays(from: IsoDate, n: number, calendar: ReadonlyMap<IsoDate, CalendarDayKind>): IsoDate {
  let date = from;
  for (let left = n; left > 0;) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) left--;
  }
  return date;
}
