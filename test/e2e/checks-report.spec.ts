import { addDays, todayInChina } from '#qcr/platform';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listEnterprise, partnerReady, registerEnterprise, type TestEnterprise, unregisteredUscc } from './checks.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 17: a batch check downloads as .xlsx and PDF, built from the check log, in the page's language. */
describe('batch check report: xlsx and PDF (核查结果下载)', () => {
  let t: TestApp;
  let listed: TestEnterprise;
  let plain: TestEnterprise;
  let batch: { batchId: string; results: { receiptId?: string }[] };
  const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
    listed = await registerEnterprise(t);
    plain = await registerEnterprise(t);
    await listEnterprise(t.app.get(DataSource), listed, addDays(todayInChina(), -10), addDays(todayInChina(), 1000));
    const codes = [plain.uscc, listed.uscc, 'NOT-A-CODE', unregisteredUscc(), ...Array.from({ length: 60 }, () => plain.orgCode)];
    const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t.partner().post('/api/v1/checks/batch').send({ purpose: 'government_procurement', codes });
    expect(res.status).toBe(200);
    batch = res.body;
  });
  afterAll(() => t.close());

  const get = async (format: string, extra: Record<string, string> = {}): Promise<Reply<Buffer>> =>
    t
      .partner()
      .get(`/api/v1/checks/batches/${batch.batchId}/report`)
      .query({ format, ...extra })
      .buffer(true)
      .parse(binary);

  it('xlsx: Chinese headers and words, Beijing time, listing reason, measure text, standing, status, batch id, page numbers', async () => {
    const res = await get('xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.body.subarray(0, 4).toString('hex')).toBe('504b0304'); // a zip, i.e. a workbook
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.body).buffer); // exceljs takes an ArrayBuffer
    const sheet = defined(book.worksheets[0], 'the report sheet');
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as (string | number | null)[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toEqual(['批次编号', batch.batchId]);
    expect(rows.find((r) => r[0] === '核查用途')?.[1]).toBe('政府采购');
    const time = rows.find((r) => r[0] === '核查时间（北京时间）')?.[1] ?? '';
    const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });
    const checkedAt = body<Ok<'/api/v1/public/receipts/{receiptId}'>>(
      await t.http().get(`/api/v1/public/receipts/${defined(batch.results[0]?.receiptId, 'the receipt of the first code')}`),
    ).time;
    expect(time).toBe(beijing.format(new Date(checkedAt)));
    const head = rows.findIndex((r) => r[0] === '序号');
    expect(rows[head]).toEqual([
      '序号',
      '代码',
      '企业名称',
      '核查结论',
      '信用状况',
      '登记状态',
      '质量信用等级',
      '列入名单（类型、事由、文号、期间）',
      '适用措施',
      '法律依据',
      '回执编号',
    ]);
    const lines = rows.slice(head + 1);
    // input order; the invalid code (input 3) got no receipt and is not on the report
    expect(lines.slice(0, 3).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['1', plain.uscc, '无限制'],
      ['2', listed.uscc, '受限'],
      ['4', expect.any(String), '未登记'],
    ]);
    const listedRow = defined(lines[1], 'the listed enterprise’s line');
    expect(listedRow[4]).toBe('禁止参与');
    expect(listedRow[5]).toBe('存续');
    expect(listedRow[7]).toContain('生产销售不合格产品，情节严重');
    expect(listedRow[8]).toMatch(/[\u4e00-\u9fff]/); // measure text in Chinese
    expect(listedRow[9]).toContain('《');
    expect(listedRow[10]).toBe(batch.results[1]?.receiptId);
    expect(sheet.headerFooter.oddFooter).toContain('&P');
    expect(sheet.headerFooter.oddHeader).toContain(batch.batchId);
  });

  it('xlsx in English with lang=en', async () => {
    const res = await get('xlsx', { lang: 'en' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.body).buffer); // exceljs takes an ArrayBuffer
    const values: string[] = [];
    defined(book.worksheets[0], 'the report sheet').eachRow((row) => values.push(String((row.values as (string | number | null)[])[1] ?? '')));
    expect(values).toContain('No.');
    expect(values).toContain('Batch id');
  });

  it('PDF: embedded CJK font subset, several numbered pages, the batch id', async () => {
    const res = await get('pdf', { lang: 'en' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/FontFile2/); // the font travels with the file, no internet needed
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYi/); // a subset of the CJK face
    const pages = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdf).toContain(batch.batchId.slice(0, 8)); // the title in the document info
    expect(res.body.length).toBeLessThan(400_000);
  });

  it("another caller's batch is 404, a bad format or id is a 400 naming the field", async () => {
    const staff = await t.as('officer');
    const own: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await staff
      .post('/api/v1/checks/batch')
      .send({ purpose: 'government_procurement', codes: [plain.uscc] });
    const other: Reply<Problem> = await t.partner().get(`/api/v1/checks/batches/${own.body.batchId}/report`).query({ format: 'xlsx' });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('CHECKS.BATCH_NOT_FOUND');
    const badFormat: Reply<Problem> = await t.partner().get(`/api/v1/checks/batches/${batch.batchId}/report`).query({ format: 'docx' });
    expect(badFormat.status).toBe(400);
    expect(badFormat.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(badFormat.body.errors)).toContain('format');
    const badId = await t.partner().get('/api/v1/checks/batches/nope/report').query({ format: 'pdf' });
    expect(badId.status).toBe(400);
  });
});
