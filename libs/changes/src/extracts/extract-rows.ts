import type { ListingSummary } from '#qcr/blacklist';

/** One enterprise in an extract: published fields only (no personal data), as checks answer them on the date. */
export interface ExtractRow {
  uscc: string | null;
  orgCode: string;
  name: string;
  status: string;
  grade: string | null;
  gradeFrom: string | null;
  listings: ListingSummary[];
}

export const CSV_COLUMNS = ['uscc', 'org_code', 'name', 'status', 'grade', 'grade_from', 'listed', 'listing_decisions', 'listing_ends'] as const;

/** RFC 4180 cell; a cell a spreadsheet would run as a formula is prefixed with ' (as the batch CSV does). */
function cell(v: string | null): string {
  if (v === null) return '';
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(r: ExtractRow): string {
  return (
    [
      r.uscc,
      r.orgCode,
      r.name,
      r.status,
      r.grade,
      r.gradeFrom,
      r.listings.length > 0 ? 'true' : 'false',
      r.listings.map((l) => l.decisionNumber).join(';'),
      r.listings.map((l) => l.plannedEndDate).join(';'),
    ]
      .map((v) => cell(v))
      .join(',') + '\r\n'
  );
}

export const jsonLine = (r: ExtractRow): string => `${JSON.stringify(r)}\n`;
