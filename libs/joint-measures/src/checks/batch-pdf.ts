import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { BatchReport } from './batch-report.js';
import { headerLines, type Lang, rowCells, texts } from './batch-report.texts.js';

/**
 * CJK fonts the Debian packages install (fonts-wqy-zenhei, fonts-noto-cjk); `file#PostScriptName` picks a
 * face of a .ttc collection. pdfkit embeds only the glyphs used (a subset), so a report stays small and is
 * read the same on any machine, with no font from the internet.
 */
export const DEFAULT_PDF_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#WenQuanYiZenHei',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei',
];

/** The first configured or default font whose file exists, or null (the route then answers 503 CHECKS.PDF_FONT_MISSING). */
export function findPdfFont(configured: string | undefined): { path: string; family?: string } | null {
  for (const spec of configured ? [configured] : DEFAULT_PDF_FONTS) {
    const [path = '', family] = spec.split('#'); // split answers at least one part
    if (existsSync(path)) return { path, family };
  }
  return null;
}

const STANDING_COLOURS: Record<string, [string, string]> = {
  excluded: ['#b91c1c', '#ffffff'],
  caution: ['#fde68a', '#78350f'],
  priority: ['#bbf7d0', '#14532d'],
};
const WIDTHS = [26, 92, 110, 46, 50, 44, 34, 150, 110, 80, 60];
/** Column i's width: the header (t.columns) and every rowCells() row have one cell per entry of WIDTHS. */
function widthOf(i: number): number {
  const width = WIDTHS[i];
  if (width === undefined) throw new Error(`a report row has more cells than the ${WIDTHS.length} columns`);
  return width;
}
const MARGIN = 28;
const FONT_SIZE = 7.5;

/**
 * The batch report as a PDF (issue 17): A4 landscape, every page headed with the title and batch id and
 * numbered "n / total" at the foot; standing cells keep the page's badge colours; the verification
 * address (and its QR code, when given) under the header so a reader can check the receipts.
 */
export async function batchToPdf(
  report: BatchReport,
  lang: Lang,
  font: { path: string; family?: string },
  verify: { url: string; qrPng?: Buffer },
): Promise<Buffer> {
  const t = texts(lang);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${t.title} ${report.batchId}`, Producer: 'Quality Credit Registry' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');

  doc.fontSize(14).text(t.title);
  doc.moveDown(0.3).fontSize(8.5);
  const top = doc.y;
  for (const [k, v] of headerLines(report, lang)) doc.text(`${k}：${v}`);
  doc.text(t.verify.replace('{url}', verify.url));
  if (verify.qrPng) {
    const below = doc.y;
    doc.image(verify.qrPng, doc.page.width - MARGIN - 72, top, { width: 72 });
    doc.x = MARGIN;
    doc.y = Math.max(below, top + 76); // the note and table start under the QR code, never beside or over it
  }
  doc.moveDown(0.3).fontSize(7).fillColor('#555555').text(t.note).fillColor('#000000');
  doc.moveDown(0.5);

  const drawRow = (cells: string[], opts: { bold?: boolean; standing?: string; warn?: boolean }) => {
    doc.fontSize(FONT_SIZE);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widthOf(i) - 4 }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN - 16) {
      doc.addPage();
      drawHead();
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      const width = widthOf(i);
      const colours = i === 4 && opts.standing ? STANDING_COLOURS[opts.standing] : undefined;
      if (opts.bold) doc.rect(x, y, width, height).fill('#e5e7eb');
      if (colours) doc.rect(x, y, width, height).fill(colours[0]);
      doc.rect(x, y, width, height).lineWidth(0.3).stroke('#9ca3af');
      doc.fillColor(colours ? colours[1] : i === 5 && opts.warn ? '#b91c1c' : '#000000').text(c, x + 2, y + 2, { width: width - 4 });
      x += width;
    });
    doc.fillColor('#000000');
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const drawHead = () => drawRow([...t.columns], { bold: true });
  drawHead();
  for (const r of report.rows) drawRow(rowCells(r, lang), { standing: r.standing, warn: !!r.statusWarning });

  // Page numbers and the batch id on every page, once the page count is known (bufferPages).
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not open a new page
    doc.fontSize(7).fillColor('#555555');
    doc.text(`${t.batch} ${report.batchId}`, MARGIN, doc.page.height - 18, { lineBreak: false });
    const label = t.page.replace('{n}', String(i + 1)).replace('{total}', String(range.count));
    doc.text(label, doc.page.width - MARGIN - 80, doc.page.height - 18, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
