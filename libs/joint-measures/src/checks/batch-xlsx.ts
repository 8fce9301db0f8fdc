import type { BatchReport } from './batch-report.js';
import { headerLines, type Lang, rowCells, texts } from './batch-report.texts.js';

// Fill colours of the standings, as the page's badges (portal.css): excluded solid red, caution amber, priority green.
const STANDING_FILL: Record<string, string> = { excluded: 'FFB91C1C', caution: 'FFFDE68A', priority: 'FFBBF7D0' };
const STANDING_FONT: Record<string, string> = { excluded: 'FFFFFFFF', caution: 'FF78350F', priority: 'FF14532D' };

/** A cell a spreadsheet never evaluates (formula injection, as the CSV writers guard against). */
const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * The batch report as an .xlsx (issue 17): headers and values in the report's language, Beijing time,
 * listing reasons, measure text and legal basis, grade, standing and registration status; the batch id
 * in the sheet's header lines and in the printed page header, page numbers in the printed footer.
 */
export async function batchToXlsx(report: BatchReport, lang: Lang, verifyUrl: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const t = texts(lang);
  const book = new ExcelJS.Workbook();
  book.creator = 'Quality Credit Registry';
  book.created = new Date(report.time);
  const sheet = book.addWorksheet(t.title, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: {
      oddHeader: `&L${t.title}&R${t.batch} ${report.batchId}`,
      // &P / &N: the page number and count, filled in by the spreadsheet program when printing
      oddFooter: `&C${t.page.replace('{n}', '&P').replace('{total}', '&N')}`,
    },
  });
  const header = headerLines(report, lang);
  for (const [k, v] of header) sheet.addRow([k, v]).getCell(1).font = { bold: true };
  sheet.addRow([t.verify.replace('{url}', verifyUrl)]);
  sheet.addRow([]);
  const head = sheet.addRow([...t.columns]);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } }));
  sheet.pageSetup.printTitlesRow = `${head.number}:${head.number}`;
  sheet.views = [{ state: 'frozen', ySplit: head.number }];
  for (const r of report.rows) {
    const row = sheet.addRow(rowCells(r, lang).map(safe));
    const standing = row.getCell(5);
    if (STANDING_FILL[r.standing]) {
      standing.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STANDING_FILL[r.standing] } };
      standing.font = { color: { argb: STANDING_FONT[r.standing] }, bold: true };
    }
    if (r.statusWarning) row.getCell(6).font = { color: { argb: 'FFB91C1C' }, bold: true };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  const widths = [6, 22, 30, 10, 10, 10, 8, 50, 40, 30, 38];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await book.xlsx.writeBuffer());
}
