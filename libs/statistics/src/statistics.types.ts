/** A bilingual label, as every title in the registry (zh first). */
export interface Label {
  zh: string;
  en: string;
}

export type ColumnKind = 'text' | 'count' | 'rate';

export interface StatColumn {
  key: string;
  label: Label;
  kind: ColumnKind;
}

export type StatValue = string | number | null;

/**
 * Every statistics report is one table: the portal draws charts from it, renders it, and the
 * CSV export writes exactly these columns and rows. Rates are fractions (0.1234), null when
 * the denominator is 0.
 */
export interface StatTable {
  report: string;
  title: Label;
  /** the parameters the numbers are for (dates, grouping), as answered */
  params: Record<string, string>;
  columns: StatColumn[];
  rows: Array<Record<string, StatValue>>;
  /** column sums (rates recomputed), or null when a total means nothing */
  totals: Record<string, StatValue> | null;
  /** how the numbers are counted, in words */
  notes: Label[];
}

export const GRADE_KEYS = ['AAA', 'AA', 'A', 'B', 'C', 'D'] as const;
