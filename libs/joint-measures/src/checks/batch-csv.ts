import { parse } from 'csv-parse/sync';
import type { BatchResult } from './check.types.js';

const CODE_HEADERS = ['code', 'uscc', 'org_code', 'orgcode', '统一社会信用代码', '组织机构代码', '代码'];

/**
 * Codes from an uploaded supplier list: the column headed code / uscc / 统一社会信用代码 …,
 * else the first column (a headerless list of codes). UTF-8, BOM allowed. `limit` stops reading early.
 */
export function codesFromCsv(content: Buffer, limit: number): string[] {
  const rows: string[][] = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, to: limit + 2 });
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.toLowerCase());
  const col = header.findIndex((h) => CODE_HEADERS.includes(h));
  const body = col >= 0 ? rows.slice(1) : rows;
  return body.map((r) => r[col >= 0 ? col : 0] ?? '').filter((c) => c !== '');
}

/** A spreadsheet cell that cannot be read as a formula (CSV injection) and survives commas and quotes. */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per input, in input order; BOM so spreadsheet programs read the Chinese names as UTF-8. */
export function batchToCsv(result: BatchResult): string {
  const header = [
    'row', 'code', 'verdict', 'error', 'duplicate_of_row', 'name', 'uscc', 'org_code', 'grade',
    'listings', 'measures', 'legal_basis', 'receipt_id', 'purpose', 'as_of', 'checked_at',
    // added by issue 17 at the end, so clients reading columns by position keep working
    'standing', 'registration_status', 'status_warning',
  ];
  const lines = [header.join(',')];
  for (const r of result.results) {
    lines.push(
      [
        r.index + 1,
        r.code,
        r.verdict,
        r.error ? `${r.error.rule}: ${r.error.message}` : '',
        r.duplicateOf !== undefined ? r.duplicateOf + 1 : '',
        r.enterprise?.name ?? '',
        r.enterprise?.uscc ?? '',
        r.enterprise?.orgCode ?? '',
        r.grade?.grade ?? '',
        (r.listings ?? []).map((l) => `${l.decisionNumber} (${l.startDate}–${l.plannedEndDate})`).join('; '),
        (r.measures ?? []).join('; '),
        (r.measures ?? []).map((c) => result.measures[c]?.legalBasis ?? '').join('; '),
        r.receiptId ?? '',
        result.purpose,
        result.asOf,
        result.time,
        r.standing ?? '',
        r.registrationStatus ?? '',
        r.statusWarning ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
