/** Legal dates are calendar dates in Asia/Shanghai (DOMAIN.md §10). */
const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export type IsoDate = string; // YYYY-MM-DD

// China has kept UTC+8 all year since 1992 (DST 1986–1991): from then on the date is plain arithmetic,
// which is what every check asks for ("today") and a tenth of the cost of Intl formatting.
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);
const UTC_PLUS_8 = 8 * 3_600_000;

export function todayInChina(now: Date = new Date()): IsoDate {
  const t = now.getTime();
  return t >= FIXED_OFFSET_SINCE ? new Date(t + UTC_PLUS_8).toISOString().slice(0, 10) : shanghai.format(now);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months; the 31st plus one month clamps to the month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, day] = date.split('-').map(Number);
  if (y === undefined || m === undefined || day === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}
