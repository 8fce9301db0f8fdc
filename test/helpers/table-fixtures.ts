import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type TableFormat = 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030' | 'xlsx' | 'paste';

export const TABLE_FORMATS: readonly TableFormat[] = ['utf8', 'utf8-bom', 'gbk', 'gb18030', 'xlsx', 'paste'];

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

/**
 * One table as each kind of file offices and provincial systems hand over (issue 17): the same cells as
 * a UTF-8 CSV, with a BOM, as Chinese Excel saves it (GBK), as GB18030, as an .xlsx, and as columns
 * pasted from a spreadsheet (tab-separated). The supplier check and the staff imports are tested with
 * these same bytes, since they read them through one reader (#qcr/platform readTable).
 */
export async function tableFile(format: TableFormat, rows: string[][]): Promise<{ bytes: Buffer; filename: string }> {
  switch (format) {
    case 'utf8':
      return { bytes: Buffer.from(csv(rows), 'utf8'), filename: 'table-utf8.csv' };
    case 'utf8-bom':
      return { bytes: Buffer.from(`\uFEFF${csv(rows)}`, 'utf8'), filename: 'table-bom.csv' };
    case 'gbk':
      return { bytes: iconv.encode(csv(rows), 'gbk'), filename: 'table-gbk.csv' };
    case 'gb18030':
      return { bytes: iconv.encode(csv(rows), 'gb18030'), filename: 'table-gb18030.csv' };
    case 'paste':
      return { bytes: Buffer.from(rows.map((r) => r.join('\t')).join('\n'), 'utf8'), filename: 'pasted.txt' };
    case 'xlsx': {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('表1');
      for (const r of rows) sheet.addRow(r);
      return { bytes: Buffer.from(await book.xlsx.writeBuffer()), filename: 'table.xlsx' };
    }
  }
}
