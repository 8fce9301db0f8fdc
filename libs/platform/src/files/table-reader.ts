import { parse } from 'csv-parse/sync';

/**
 * One reader for the tables offices and provincial systems hand over (issue 17): the supplier check and
 * the staff imports read files through this module, so a GBK CSV, a GB18030 name, a UTF-8 file with or
 * without BOM, an .xlsx and pasted tab-separated columns mean the same everywhere.
 *   - whole files (supplier lists, grade history): readTable(bytes) → rows of cells with their line
 *   - streamed files (the register, credit records: millions of rows): decodeTextStream(chunks)
 */

/** Why a file could not be read; callers turn it into their own problem (CHECKS.BAD_CSV, …). */
export class TableReadError extends Error {
  constructor(
    readonly rule: 'encoding' | 'xlsx' | 'sheet',
    message: string,
    readonly sheets: string[] = [],
  ) {
    super(message);
  }
}

export interface TableRow {
  /** 1-based line (text) or row number (xlsx) in the source, so a rejected row can be found */
  line: number;
  cells: string[];
}

export interface TableFile {
  format: 'csv' | 'xlsx';
  /** utf-8 or gb18030 (which also reads GBK) */
  encoding?: 'utf-8' | 'gb18030';
  sheet?: string;
  rows: TableRow[];
}

/** An .xlsx is a zip: PK\x03\x04. */
export const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Bytes → text, deciding on the whole file: UTF-8 (BOM dropped) when it is valid UTF-8, else GB18030 — the
 * superset of GBK that Chinese Excel writes, which also holds rare characters (four-byte sequences) in names.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      /* the next encoding */
    }
  }
  throw new TableReadError('encoding', 'the file is neither UTF-8 nor GBK/GB18030 text, nor an .xlsx workbook; save it as CSV (UTF-8 or GBK) or .xlsx');
}

/**
 * The streaming form, for imports too large to hold: the encoding is decided on the first chunk (UTF-8 if it
 * is valid UTF-8, else GB18030), then every chunk is decoded with it. `onInvalid` makes the caller's problem.
 */
export async function* decodeTextStream(source: AsyncIterable<Buffer | string>, onInvalid: (encoding: 'UTF-8' | 'GB18030') => Error): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  const name = () => (decoder!.encoding === 'utf-8' ? 'UTF-8' : 'GB18030');
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { fatal: true });
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      } catch {
        decoder = new TextDecoder('gb18030', { fatal: true });
      }
    }
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      throw onInvalid(name());
    }
  }
  if (decoder) {
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw onInvalid(name());
    }
    if (rest) yield rest;
  }
}

/** A table from a file: .xlsx (first sheet, or `sheet`) by its zip signature, else text in any of the encodings above. */
export async function readTable(bytes: Buffer, opts: { limit?: number; sheet?: string } = {}): Promise<TableFile> {
  if (isZip(bytes)) return readXlsx(bytes, opts.limit, opts.sheet);
  const { text, encoding } = decodeText(bytes);
  return { format: 'csv', encoding, rows: textRows(text, opts.limit) };
}

/** Cells with their line numbers; the delimiter is the first of tab, comma, semicolon (half- or full-width) the text uses. */
export function textRows(text: string, limit?: number): TableRow[] {
  const clean = text.replace(/^\uFEFF/, '');
  const sample = clean.slice(0, 4096);
  const delimiter = sample.includes('\t')
    ? '\t'
    : /[,，]/.test(sample)
      ? sample.includes(',')
        ? ','
        : '，'
      : /[;；]/.test(sample)
        ? sample.includes(';')
          ? ';'
          : '；'
        : ',';
  const records = parse(clean, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    ...(limit !== undefined ? { to: limit + 2 } : {}),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.trim()) }));
}

async function readXlsx(bytes: Buffer, limit: number | undefined, sheetName?: string): Promise<TableFile> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new TableReadError('xlsx', `the .xlsx workbook could not be read: ${(err as Error).message}`);
  }
  const sheet = sheetName ? book.getWorksheet(sheetName) : book.worksheets[0];
  if (!sheet)
    throw new TableReadError(
      'sheet',
      `no sheet ${sheetName ?? ''} in the workbook`,
      book.worksheets.map((w) => w.name),
    );
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (limit !== undefined && rows.length > limit + 1) return;
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = values.map((v) => cellText(v));
    if (cells.some((c) => c !== '')) rows.push({ line: number, cells });
  });
  return { format: 'xlsx', sheet: sheet.name, rows };
}

/** A cell as the office sees it: rich text joined, formulas by their result, dates as ISO days, numbers as written. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return String(o.text).trim();
    return '';
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v === 'string' ? v.trim() : '';
}
