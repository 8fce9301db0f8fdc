import { parse } from 'csv-parse/sync';
import { decodeCsvBytes } from '#qcr/enterprises';
import { normalizeCode } from '#qcr/identifiers';
import { problem } from '#qcr/platform';
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

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * A supplier list as offices have it (issue 17): CSV in UTF-8 (BOM or not), GBK or GB18030
 * (decodeCsvBytes, shared with the enterprise import), an .xlsx (first sheet or `sheet`), or
 * pasted text with tabs, commas or semicolons. One reader for the page and the API.
 * Reads at most `limit + 1` codes so an oversized list is detected without reading it all.
 */
export async function readSupplierList(bytes: Buffer, limit: number, sheet?: string): Promise<SupplierList> {
  if (isZip(bytes)) return readXlsx(bytes, limit, sheet);
  let text = '';
  try {
    for await (const part of decodeCsvBytes(once(bytes))) text += part;
  } catch {
    throw problem(CheckProblems.badCsv, 'the file is neither UTF-8 nor GBK/GB18030 text, nor an .xlsx workbook', [
      { field: 'file', rule: 'encoding', message: 'save the list as CSV (UTF-8 or GBK) or .xlsx' },
    ]);
  }
  return { format: 'csv', encoding: isUtf8(bytes) ? 'utf-8' : 'gb18030', ...rowsFromTable(textRows(text, limit), limit) };
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes; // one chunk: the encoding is decided on the whole file, not on its first 64 KB
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Cells with their line numbers; the delimiter is the first of tab, comma, semicolon that the text uses. */
export function textRows(text: string, limit: number): { line: number; cells: string[] }[] {
  const clean = text.replace(/^\uFEFF/, '');
  const sample = clean.slice(0, 4096);
  const delimiter = sample.includes('\t') ? '\t' : /[,，]/.test(sample) ? (sample.includes(',') ? ',' : '，') : /[;；]/.test(sample) ? (sample.includes(';') ? ';' : '；') : ',';
  const records = parse(clean, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    to: limit + 2,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.trim()) }));
}

async function readXlsx(bytes: Buffer, limit: number, sheetName?: string): Promise<SupplierList> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw problem(CheckProblems.badCsv, `the .xlsx workbook could not be read: ${(err as Error).message}`, [{ field: 'file', rule: 'xlsx', message: 'not a readable .xlsx workbook' }]);
  }
  const sheet = sheetName ? book.getWorksheet(sheetName) : book.worksheets[0];
  if (!sheet) {
    throw problem(CheckProblems.badCsv, `no sheet ${sheetName ?? ''} in the workbook`, [
      { field: 'sheet', rule: 'exists', message: `sheets: ${book.worksheets.map((w) => w.name).join(', ')}` },
    ]);
  }
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (rows.length > limit + 1) return;
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = values.map((v) => cellText(v));
    if (cells.some((c) => c !== '')) rows.push({ line: number, cells });
  });
  return { format: 'xlsx', sheet: sheet.name, ...rowsFromTable(rows, limit) };
}

/** A cell as the office sees it: rich text joined, formulas by their result, numbers as written. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return String(o.text).trim();
    return '';
  }
  return String(v).trim();
}

/**
 * Which cells are codes. A header naming the column wins. Without one, a column whose cells look
 * like codes where another column does not (name + code, row number + name + code) is a table: the
 * code column is found by content. Otherwise every cell is a code (a list, one or several per line).
 */
export function rowsFromTable(table: { line: number; cells: string[] }[], limit: number): Pick<SupplierList, 'rows' | 'skipped'> {
  if (table.length === 0) return { rows: [], skipped: [] };
  const headerCol = table[0].cells.findIndex((c) => CODE_HEADERS.includes(c.toLowerCase()));
  const width = Math.max(...table.map((r) => r.cells.length));
  let col = headerCol;
  let body = headerCol >= 0 ? table.slice(1) : table;
  if (col < 0 && width > 1) {
    const hits = Array.from({ length: width }, (_, i) => body.filter((r) => looksLikeCode(r.cells[i] ?? '')).length);
    const filled = Array.from({ length: width }, (_, i) => body.filter((r) => (r.cells[i] ?? '') !== '').length);
    const best = hits.indexOf(Math.max(...hits));
    const otherColumnIsNotCodes = filled.some((f, i) => i !== best && f > 0 && hits[i] * 2 < f);
    if (hits[best] > 0 && otherColumnIsNotCodes) {
      col = best;
      // a first row without a code where the column has codes is an unrecognised header (e.g. 供应商代码)
      if (!looksLikeCode(body[0].cells[col] ?? '') && body.length > 1) body = body.slice(1);
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
