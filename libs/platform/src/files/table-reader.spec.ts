import { TABLE_FORMATS, tableFile } from '../../../../test/helpers/table-fixtures.js';
import { decodeText, decodeTextStream, readTable, TableReadError } from './table-reader.js';

// Chinese headers and names, a GB18030-only rare character (𠀀, four bytes) is left out of the GBK file's table
const TABLE = [
  ['序号', '企业名称', '统一社会信用代码', '等级'],
  ['1', '厦门恒达电子有限公司', '91350200776049653A', 'AA'],
  ['2', '福州"闽江"机械厂', '913501007053894823', 'C'],
];

describe('readTable: one reader for every file offices have (issue 17)', () => {
  it.each(TABLE_FORMATS)('%s gives the same cells and line numbers', async (format) => {
    const { bytes } = await tableFile(format, TABLE);
    const table = await readTable(bytes);
    expect(table.rows.map((r) => r.cells)).toEqual(TABLE);
    expect(table.rows.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(table.format).toBe(format === 'xlsx' ? 'xlsx' : 'csv');
    if (format === 'gbk' || format === 'gb18030') expect(table.encoding).toBe('gb18030');
  });

  it('keeps a GB18030 four-byte character in a name', async () => {
    const rare = [
      ['企业名称', '代码'],
      ['\u{20000}记有限公司', '91350200776049653A'],
    ];
    const table = await readTable((await tableFile('gb18030', rare)).bytes);
    expect(table.rows[1]?.cells[0]).toBe('\u{20000}记有限公司');
  });

  it('refuses bytes that are no text and a broken workbook, naming the rule', async () => {
    expect(() => decodeText(Buffer.from([0x81, 0x20, 0xff, 0xff]))).toThrow(TableReadError);
    await expect(readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toMatchObject({ rule: 'xlsx' });
    const { bytes } = await tableFile('xlsx', TABLE);
    await expect(readTable(bytes, { sheet: 'nope' })).rejects.toMatchObject({ rule: 'sheet', sheets: ['表1'] });
  });

  it('the streaming decoder reads GBK split across chunks like the whole-file reader', async () => {
    const { bytes } = await tableFile('gbk', TABLE);
    async function* chunks() {
      // each chunk arrives asynchronously, as from a request stream
      for (let i = 0; i < bytes.length; i += 7) yield await Promise.resolve(bytes.subarray(i, i + 7));
    }
    let text = '';
    for await (const part of decodeTextStream(chunks(), (e) => new Error(e))) text += part;
    expect(text).toBe(decodeText(bytes).text);
  });
});
