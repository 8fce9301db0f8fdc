import ExcelJS from 'exceljs';
import { addDays, todayInChina } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { giveGrade, listEnterprise, partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import type { Ok, Reply } from './typed-http.js';

const GP = 'government_procurement';
// 序号,名称,统一社会信用代码 in GBK, as Chinese Excel saves "CSV (逗号分隔)"
const GBK_HEADER = Buffer.from([
  0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xcd, 0xb3, 0xd2, 0xbb, 0xc9, 0xe7, 0xbb, 0xe1, 0xd0, 0xc5, 0xd3, 0xc3, 0xb4, 0xfa, 0xc2, 0xeb,
  0x0d, 0x0a,
]);

/** Issue 17: the batch upload reads the files offices have, and says where each answer came from. */
describe('batch upload: GBK CSV, xlsx, pasted text', () => {
  let t: TestApp;
  let listed: TestEnterprise, good: TestEnterprise;
  beforeAll(async () => {
    t = await createTestApp();
    const db = t.app.get(DataSource);
    await partnerReady(t);
    [listed, good] = await Promise.all([registerEnterprise(t), registerEnterprise(t)]);
    await listEnterprise(db, listed, addDays(todayInChina(), -10), addDays(todayInChina(), 1000));
    await giveGrade(db, good, 'AA', '2020-01-01');
  });
  afterAll(() => t.close());

  const upload = async (bytes: Buffer, filename: string, extra: Record<string, string> = {}): Promise<Reply<Ok<'/api/v1/checks/batch', 'post'>>> => {
    let req = t.partner().post('/api/v1/checks/batch').field('purpose', GP);
    for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
    return req.attach('file', bytes, filename);
  };

  it('reads a GBK CSV by its header, not the row numbers', async () => {
    const bytes = Buffer.concat([GBK_HEADER, Buffer.from(`1,A,${listed.uscc}\r\n2,B,${good.uscc}\r\n3,C,\r\n`, 'latin1')]);
    const res = await upload(bytes, 'suppliers.csv');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => [r.line, r.verdict])).toEqual([
      [2, 'restricted'],
      [3, 'priority'],
    ]);
    expect(res.body.source).toMatchObject({ format: 'csv', encoding: 'gb18030', skipped: [{ line: 4, rule: 'no_code' }] });
  });

  it('reads the first sheet of an .xlsx', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('供应商');
    sheet.addRow(['序号', '企业名称', '统一社会信用代码']);
    sheet.addRow([1, '甲', good.uscc]);
    sheet.addRow([2, '乙', listed.orgCode]);
    const res = await upload(Buffer.from(await book.xlsx.writeBuffer()), '供应商.xlsx');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => [r.line, r.verdict])).toEqual([
      [2, 'priority'],
      [3, 'restricted'],
    ]);
    expect(res.body.source).toMatchObject({ format: 'xlsx', sheet: '供应商' });
  });

  it('finds the code column of a two-column paste (name, tab, code) by content', async () => {
    const res = await upload(Buffer.from(`甲有限公司\t${good.uscc}\n乙有限公司\t${listed.uscc}\n`), 'paste.txt');
    expect(res.body.results.map((r) => r.verdict)).toEqual(['priority', 'restricted']);
  });

  it('answers a file that is no known text or workbook with 400 CHECKS.BAD_CSV naming the file field', async () => {
    const res = await upload(Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x00, 0x81]), 'x.csv');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'CHECKS.BAD_CSV', errors: [{ field: 'file', rule: 'encoding' }] });
  });
});
