import type { StatTable, StatValue } from './statistics.types.js';

/** A cell that a spreadsheet cannot read as a formula (CSV injection) and that survives commas and quotes. */
function cell(value: StatValue): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV: one header line of column labels in the caller's language, one line per row,
 * a totals line when the report has totals. BOM + CRLF so spreadsheet programs open the Chinese
 * labels as UTF-8 (the white-paper tables are edited in one). Pure.
 */
export function statTableToCsv(table: StatTable, lang: 'zh' | 'en'): string {
  const lines = [table.columns.map((c) => cell(c.label[lang])).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => cell(row[c.key] ?? null)).join(','));
  if (table.totals) {
    lines.push(table.columns.map((c, i) => cell(i === 0 ? (lang === 'zh' ? '合计' : 'Total') : (table.totals![c.key] ?? null))).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Accept: text/csv (and not JSON first) → CSV. */
export function wantsCsv(accept: string | undefined): boolean {
  const a = String(accept ?? '');
  return /text\/csv/i.test(a) && !/application\/json/i.test(a.split(',')[0] ?? '');
}

export function languageOf(acceptLanguage: string | undefined): 'zh' | 'en' {
  return /^\s*en/i.test(String(acceptLanguage ?? '')) ? 'en' : 'zh';
}

/** n / d rounded to 4 places; null when d is 0. */
export function rate(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;
}
