import { formatTime } from './dom.js';
import { label, t } from './i18n.js';

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
 * The batch check result as CSV in the page's language (issue 17): same columns, in the same order,
 * as the API's own CSV export (POST /api/v1/checks/batch with Accept: text/csv), but headers and
 * values a procurement office can file: verdicts in words, Beijing time, each listing's reason,
 * the measures' text and legal basis. Built from the JSON already received, so a download does
 * not check (and log) the whole list a second time.
 */
export function batchCsv(result) {
  const header = CSV_COLUMNS.map((c) => t(`csv.${c}`));
  const measure = (c) => result.measures?.[c];
  const rows = result.results.map((r) => [
    r.index + 1,
    r.code,
    t(`verdict.${r.verdict}`),
    r.error ? `${r.line ? `${t('check.line', { line: r.line })} ` : ''}${t(`rule.${r.error.rule}`)}：${r.error.message}` : '',
    r.duplicateOf !== undefined && r.duplicateOf !== null ? r.duplicateOf + 1 : '',
    r.enterprise?.name ?? '',
    r.enterprise?.uscc ?? '',
    r.enterprise?.orgCode ?? '',
    r.grade?.grade ?? '',
    (r.listings ?? []).map((l) => `${label(l.listTypeName)}：${l.reason}（${l.decisionNumber}，${l.startDate}–${l.plannedEndDate}）`).join('；'),
    (r.measures ?? []).map((c) => `${c} ${label(measure(c)?.text)}`).join('；'),
    (r.measures ?? []).map((c) => measure(c)?.legalBasis ?? '').join('；'),
    r.receiptId ?? '',
    t(`purpose.${result.purpose}`),
    result.asOf,
    formatTime(result.time),
    r.standing ? t(`standing.${r.standing}`) : '',
    r.registrationStatus ? t(`regStatus.${r.registrationStatus}`) : '',
    r.statusWarning ? t(`regStatus.${r.statusWarning}`) : '',
  ]);
  return toCsv(header, rows);
}

const CSV_COLUMNS = [
  'row', 'code', 'verdict', 'error', 'duplicate_of_row', 'name', 'uscc', 'org_code', 'grade', 'listings', 'measures', 'legal_basis',
  'receipt_id', 'purpose', 'as_of', 'checked_at', 'standing', 'registration_status', 'status_warning',
];
