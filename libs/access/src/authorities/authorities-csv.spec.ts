import { parseAuthoritiesCsv } from './authorities-csv.js';

describe('authorities CSV', () => {
  it('reads rows in order, quoted names included, and reports bad fields by line', () => {
    const csv =
      '\uFEFFcode,name,level,region_code,parent\nfj,福建省市场监督管理局,provincial,350000,samr\n' +
      'fj-xm,"厦门市市场监督管理局, 思明",prefecture,350200,fj\nBAD,x,city,3502,fj\n\n';
    const { rows, errors, missingColumns } = parseAuthoritiesCsv(csv);
    expect(missingColumns).toEqual([]);
    expect(rows.map((r) => [r.line, r.input.code, r.input.name, r.input.parent])).toEqual([
      [2, 'fj', '福建省市场监督管理局', 'samr'],
      [3, 'fj-xm', '厦门市市场监督管理局, 思明', 'fj'],
    ]);
    expect(errors.map((e) => `${e.line}:${e.field}:${e.rule}`)).toEqual(['4:code:pattern', '4:level:isIn', '4:region_code:pattern']);
  });

  it('names missing columns', () => {
    expect(parseAuthoritiesCsv('code,name\n').missingColumns).toEqual(['level', 'region_code', 'parent']);
  });
});
