import { isIsoDate, type IsoDate } from '#qcr/platform';
import { type Grade, GRADES } from '../model/grading-model.js';

export interface HistoryRow {
  line: number;
  code: string;
  grade: Grade;
  validFrom: IsoDate;
  validTo: IsoDate;
  authority: string;
}

export interface RowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

export const HISTORY_COLUMNS = ['enterprise_code', 'grade', 'valid_from', 'valid_to', 'authority'] as const;

/**
 * One CSV record (header → value) checked on its own: known grade, dates, a non-empty period that has ended by
 * today (history only: no future dates), a named source authority. Pure.
 */
export function checkRow(line: number, raw: Record<string, string>, today: IsoDate): HistoryRow | RowError[] {
  const errors: RowError[] = [];
  const v = (k: string) => (raw[k] ?? '').trim();
  const err = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });
  for (const k of HISTORY_COLUMNS) if (!v(k)) err(k, 'required', `${k} is required`);
  const grade = v('grade').toUpperCase();
  if (v('grade') && !(GRADES as readonly string[]).includes(grade)) err('grade', 'grade', `grade must be one of ${GRADES.join(', ')}`);
  for (const k of ['valid_from', 'valid_to'] as const) if (v(k) && !isIsoDate(v(k))) err(k, 'date', `${k} must be YYYY-MM-DD`);
  if (isIsoDate(v('valid_from')) && isIsoDate(v('valid_to')) && v('valid_to') <= v('valid_from'))
    err('valid_to', 'afterValidFrom', 'valid_to must be after valid_from');
  if (isIsoDate(v('valid_to')) && v('valid_to') > today) err('valid_to', 'notFuture', `valid_to may not lie after today (${today}): history only`);
  if (v('authority').length > 200) err('authority', 'maxLength', 'authority: at most 200 characters');
  if (errors.length) return errors;
  return { line, code: v('enterprise_code'), grade: grade as Grade, validFrom: v('valid_from'), validTo: v('valid_to'), authority: v('authority') };
}

/** Periods of one enterprise in the file must not overlap ([from, to) ranges); the later line is reported. Pure. */
export function overlapsInFile(rows: Array<HistoryRow & { enterpriseId: string }>): RowError[] {
  const errors: RowError[] = [];
  const byEnterprise = new Map<string, Array<HistoryRow & { enterpriseId: string }>>();
  for (const r of rows) byEnterprise.set(r.enterpriseId, [...(byEnterprise.get(r.enterpriseId) ?? []), r]);
  for (const list of byEnterprise.values()) {
    const sorted = [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.line - b.line));
    let prev: (typeof sorted)[number] | undefined;
    for (const cur of sorted) {
      if (prev && cur.validFrom < prev.validTo) {
        errors.push({
          line: cur.line,
          field: 'valid_from',
          rule: 'overlap',
          message: `overlaps line ${prev.line} (${prev.validFrom}–${prev.validTo}) of the same enterprise`,
        });
      }
      prev = cur;
    }
  }
  return errors;
}
