import { codesFromCsv } from './batch-csv.js';

describe('codesFromCsv', () => {
  it.each<[string, string, string[]]>([
    ['a headed column among others', 'name,统一社会信用代码\n甲公司,91350100M000100Y43\n乙公司,77604965-3\n', ['91350100M000100Y43', '77604965-3']],
    ['a headerless list', '91350100M000100Y43\r\n77604965-3\r\n', ['91350100M000100Y43', '77604965-3']],
    ['a BOM and blank lines', '\uFEFFcode\n\n 91350100M000100Y43 \n', ['91350100M000100Y43']],
    ['quoted cells', '"code","note"\n"77604965-3","a, b"\n', ['77604965-3']],
  ])('reads %s', (_name, csv, codes) => {
    expect(codesFromCsv(Buffer.from(csv), 10)).toEqual(codes);
  });

  it('stops reading past the limit so an oversized file is detected without parsing all of it', () => {
    const csv = Array.from({ length: 100 }, (_, i) => `code${i}`).join('\n');
    expect(codesFromCsv(Buffer.from(csv), 10)).toHaveLength(12);
  });
});
