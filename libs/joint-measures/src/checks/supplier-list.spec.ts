import ExcelJS from 'exceljs';
import { readSupplierList } from './supplier-list.js';

const codesOf = async (bytes: Buffer, limit = 100) => (await readSupplierList(bytes, limit)).rows.map((r) => r.code);
const U = '91350200776049653A';
const O = '77604965-3';

/** GB18030 bytes for a few Chinese words, written out so the test needs no encoder (GBK subset). */
const GBK = {
  统一社会信用代码: [0xcd, 0xb3, 0xd2, 0xbb, 0xc9, 0xe7, 0xbb, 0xe1, 0xd0, 0xc5, 0xd3, 0xc3, 0xb4, 0xfa, 0xc2, 0xeb],
  序号: [0xd0, 0xf2, 0xba, 0xc5],
  名称: [0xc3, 0xfb, 0xb3, 0xc6],
  甲: [0xbc, 0xd7],
} satisfies Record<string, number[]>;
const isGbkWord = (p: string): p is keyof typeof GBK => p in GBK;
const gbk = (...parts: string[]) => Buffer.concat(parts.map((p) => (isGbkWord(p) ? Buffer.from(GBK[p]) : Buffer.from(p, 'latin1'))));

describe('readSupplierList (CSV, GBK, xlsx, pasted text)', () => {
  it.each<[string, string, string[]]>([
    ['a headed column among others', `name,统一社会信用代码\n甲公司,${U}\n乙公司,${O}\n`, [U, O]],
    ['a headerless list', `${U}\r\n${O}\r\n`, [U, O]],
    ['a BOM and blank lines', `\uFEFFcode\n\n ${U} \n`, [U]],
    ['quoted cells', `"code","note"\n"${O}","a, b"\n`, [O]],
    ['a two-column paste from Excel (name, tab, code)', `甲有限公司\t${U}\n乙有限公司\t${O}\n`, [U, O]],
    ['row number, name, code without a known header', `序号,供应商,供应商代码\n1,甲,${U}\n2,乙,${O}\n`, [U, O]],
    ['several codes on one line, commas', `${U},${O}\n`, [U, O]],
    ['semicolons', `${U};${O}`, [U, O]],
    ['an invalid code in a one-column list is kept (answered invalid, not dropped)', `${U}\nBAD\n`, [U, 'BAD']],
  ])('reads %s', async (_name, text, codes) => {
    expect(await codesOf(Buffer.from(text, 'utf8'))).toEqual(codes);
  });

  it('detects GBK: the header is read, row numbers are not taken for codes', async () => {
    const bytes = gbk('序号', ',', '名称', ',', '统一社会信用代码', `\r\n1,`, '甲', `,${U}\r\n2,`, '甲', `,${O}\r\n`);
    const list = await readSupplierList(bytes, 100);
    expect(list.encoding).toBe('gb18030');
    expect(list.rows).toEqual([
      { line: 2, code: U },
      { line: 3, code: O },
    ]);
  });

  it('detects GB18030: four-byte characters (𠀀, U+20000) in a name', async () => {
    const bytes = Buffer.concat([gbk('名称', ',', '统一社会信用代码', '\n'), Buffer.from([0x95, 0x32, 0x82, 0x36]), Buffer.from(`,${U}\n`)]);
    const list = await readSupplierList(bytes, 100);
    expect(list).toMatchObject({ encoding: 'gb18030', rows: [{ line: 2, code: U }] });
  });

  it('gives each code its line and reports a row without a code by line', async () => {
    const list = await readSupplierList(Buffer.from(`名称,统一社会信用代码\n甲,${U}\n乙,\n丙,${O}\n`), 100);
    expect(list.rows).toEqual([
      { line: 2, code: U },
      { line: 4, code: O },
    ]);
    expect(list.skipped).toEqual([{ line: 3, rule: 'no_code', message: { zh: '第 3 行：代码列为空', en: 'line 3: the code column is empty' } }]);
  });

  it('reads the first sheet of an .xlsx, or the one named', async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet('供应商');
    first.addRow(['序号', '企业名称', '统一社会信用代码']);
    first.addRow([1, '甲', U]);
    first.addRow([2, '乙', O]);
    book.addWorksheet('其他').addRow(['代码']).worksheet.addRow([O]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const list = await readSupplierList(bytes, 100);
    expect(list).toMatchObject({
      format: 'xlsx',
      sheet: '供应商',
      rows: [
        { line: 2, code: U },
        { line: 3, code: O },
      ],
    });
    expect((await readSupplierList(bytes, 100, '其他')).rows).toEqual([{ line: 2, code: O }]);
    await expect(readSupplierList(bytes, 100, 'nope')).rejects.toMatchObject({ spec: { code: 'CHECKS.BAD_CSV' } });
  });

  it('refuses bytes that are no text encoding it knows', async () => {
    await expect(readSupplierList(Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x00, 0x81]), 10)).rejects.toMatchObject({
      spec: { code: 'CHECKS.BAD_CSV' },
    });
  });

  it('stops reading past the limit so an oversized file is detected without parsing all of it', async () => {
    const csv = Array.from({ length: 100 }, (_, i) => `code${i}`).join('\n');
    expect(await codesOf(Buffer.from(csv), 10)).toHaveLength(11);
  });
});
