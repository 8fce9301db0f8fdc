import type { BatchResult } from './check.types.js';

// Reading uploaded lists: supplier-list.ts. This file writes the API's CSV answer.

/** A spreadsheet cell that cannot be read as a formula (CSV injection) and survives commas and quotes. */
/** A cell of a result row: its scalars and dates. */
function cell(value: string | number | boolean | Date | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per input, in input order; BOM so spreadsheet programs read the Chinese names as UTF-8. */
export function batchToCsv(result: BatchResult): string {
  const header = [
    'row',
    'code',
    'verdict',
    'error',
    'duplicate_of_row',
    'name',
    'uscc',
    'org_code',
    'grade',
    'listings',
    'measures',
    'legal_basis',
    'receipt_id',
    'purpose',
    'as_of',
    'checked_at',
    // added by issue 17 at the end, so clients reading columns by position keep working
    'standing',
    'registration_status',
    'status_warning',
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
