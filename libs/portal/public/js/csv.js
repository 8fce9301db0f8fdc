/** A spreadsheet-safe CSV cell: no formulas (CSV injection), quotes doubled. Same rules as the API's exports. */
export function cell(value) {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** BOM + CRLF so spreadsheet programs open Chinese text as UTF-8. */
export function toCsv(header, rows) {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The batch check result as CSV, columns as the API's own CSV export (POST /api/v1/checks/batch
 * with Accept: text/csv), built from the JSON already received so a download does not check
 * (and log) the whole list a second time.
 */
export function batchCsv(result) {
  const header = ['row', 'code', 'verdict', 'error', 'duplicate_of_row', 'name', 'uscc', 'org_code', 'grade', 'listings', 'measures', 'legal_basis', 'receipt_id', 'purpose', 'as_of', 'checked_at', 'standing', 'registration_status', 'status_warning'];
  const rows = result.results.map((r) => [
    r.index + 1,
    r.code,
    r.verdict,
    r.error ? `${r.error.rule}: ${r.error.message}` : '',
    r.duplicateOf !== undefined && r.duplicateOf !== null ? r.duplicateOf + 1 : '',
    r.enterprise?.name ?? '',
    r.enterprise?.uscc ?? '',
    r.enterprise?.orgCode ?? '',
    r.grade?.grade ?? '',
    (r.listings ?? []).map((l) => `${l.decisionNumber} (${l.startDate}–${l.plannedEndDate})`).join('; '),
    (r.measures ?? []).join('; '),
    (r.measures ?? []).map((c) => result.measures?.[c]?.legalBasis ?? '').join('; '),
    r.receiptId ?? '',
    result.purpose,
    result.asOf,
    result.time,
    r.standing ?? '',
    r.registrationStatus ?? '',
    r.statusWarning ?? '',
  ]);
  return toCsv(header, rows);
}
