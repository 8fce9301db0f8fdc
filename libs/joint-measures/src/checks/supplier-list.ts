import { normalizeCode } from '#qcr/identifiers';
import { problem, readTable, type TableFile, TableReadError } from '#qcr/platform';
import { CheckProblems } from '../joint-measures.problems.js';

/** Header names a procurement office's list uses for the code column (the template offers the first). */
export const CODE_HEADERS = ['统一社会信用代码', '组织机构代码', '社会信用代码', '信用代码', '代码', 'code', 'uscc', 'org_code', 'orgcode'];

export interface SupplierRow {
  /** 1-based line (CSV/text) or row (xlsx) in the source, so a rejected row can be found */
  line: number;
  code: string;
}

export interface SkippedRow {
  line: number;
  rule: 'no_code';
  message: { zh: string; en: string };
}

export interface SupplierList {
  format: 'csv' | 'xlsx';
  /** utf-8 or gb18030 (which also reads GBK) */
  encoding?: string;
  sheet?: string;
  rows: SupplierRow[];
  skipped: SkippedRow[];
}

/** Normalises like the identifiers lib and asks only for the shape: 18 or 9 characters of the code alphabet. */
export function looksLikeCode(cell: string): boolean {
  return /^(?:[0-9A-Z]{18}|[0-9A-Z]{9})$/.test(normalizeCode(cell));
}

/**
 * A supplier list as offices have it (issue 17): CSV in UTF-8 (BOM or not), GBK or GB18030, an .xlsx (first
 * sheet or `sheet`), or pasted text with tabs, commas or semicolons — read by the platform's table reader, the
 * same one the staff imports use. Reads at most `limit + 1` codes so an oversized list is detected without
 * reading it all.
 */
export async function readSupplierList(bytes: Buffer, limit: number, sheet?: string): Promise<SupplierList> {
  let table: TableFile;
  try {
    table = await readTable(bytes, { limit, sheet });
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    const field = err.rule === 'sheet' ? 'sheet' : 'file';
    const message =
      err.rule === 'sheet'
        ? `sheets: ${err.sheets.join(', ')}`
        : err.rule === 'xlsx'
          ? 'not a readable .xlsx workbook'
          : 'save the list as CSV (UTF-8 or GBK) or .xlsx';
    throw problem(CheckProblems.badCsv, err.message, [{ field, rule: err.rule === 'sheet' ? 'exists' : err.rule, message }]);
  }
  const { format, encoding, sheet: name } = table;
  return { format, ...(encoding ? { encoding } : {}), ...(name ? { sheet: name } : {}), ...rowsFromTable(table.rows, limit) };
}

/**
 * Which cells are codes. A header naming the column wins. Without one, a column whose cells look
 * like codes where another column does not (name + code, row number + name + code) is a table: the
 * code column is found by content. Otherwise every cell is a code (a list, one or several per line).
 */
export function rowsFromTable(table: { line: number; cells: string[] }[], limit: number): Pick<SupplierList, 'rows' | 'skipped'> {
  const [first] = table;
  if (!first) return { rows: [], skipped: [] };
  const headerCol = first.cells.findIndex((c) => CODE_HEADERS.includes(c.toLowerCase()));
  const width = Math.max(...table.map((r) => r.cells.length));
  let col = headerCol;
  let body = headerCol >= 0 ? table.slice(1) : table;
  if (col < 0 && width > 1) {
    const columns = Array.from({ length: width }, (_, i) => ({
      hits: body.filter((r) => looksLikeCode(r.cells[i] ?? '')).length,
      filled: body.filter((r) => (r.cells[i] ?? '') !== '').length,
    }));
    const mostHits = Math.max(...columns.map((c) => c.hits));
    const best = columns.findIndex((c) => c.hits === mostHits);
    const otherColumnIsNotCodes = columns.some((c, i) => i !== best && c.filled > 0 && c.hits * 2 < c.filled);
    if (mostHits > 0 && otherColumnIsNotCodes) {
      col = best;
      // a first row without a code where the column has codes is an unrecognised header (e.g. 供应商代码)
      const [firstRow] = body;
      if (firstRow && !looksLikeCode(firstRow.cells[col] ?? '') && body.length > 1) body = body.slice(1);
    }
  }
  const rows: SupplierRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const r of body) {
    if (rows.length > limit) break;
    if (col >= 0) {
      const code = r.cells[col] ?? '';
      if (code) rows.push({ line: r.line, code });
      else skipped.push({ line: r.line, rule: 'no_code', message: { zh: `第 ${r.line} 行：代码列为空`, en: `line ${r.line}: the code column is empty` } });
    } else {
      for (const c of r.cells) if (c) rows.push({ line: r.line, code: c });
    }
  }
  return { rows: rows.slice(0, limit + 1), skipped };
}
