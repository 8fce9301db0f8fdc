import { checkRow, overlapsInFile } from './grade-history-rows.js';

const TODAY = '2026-12-02';
const ok = { enterprise_code: '91350200776049653A', grade: 'A', valid_from: '2021-01-01', valid_to: '2024-01-01', authority: '福建省市场监督管理局' };

describe('grade history rows (issue 15)', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['a valid row', ok, []],
    ['lower-case grade is read as upper case', { ...ok, grade: 'aa' }, []],
    ['unknown grade', { ...ok, grade: 'E' }, ['grade:grade']],
    ['bad date', { ...ok, valid_from: '2021-02-30' }, ['valid_from:date']],
    ['empty period', { ...ok, valid_to: ok.valid_from }, ['valid_to:afterValidFrom']],
    ['ends after today', { ...ok, valid_to: '2026-12-03' }, ['valid_to:notFuture']],
    ['ends today', { ...ok, valid_to: TODAY }, []],
    ['missing authority', { ...ok, authority: ' ' }, ['authority:required']],
  ])('%s', (_what, raw, rules) => {
    const r = checkRow(2, raw, TODAY);
    expect(Array.isArray(r) ? r.map((e) => `${e.field}:${e.rule}`) : []).toEqual(rules);
  });

  it('reports the later of two overlapping periods of one enterprise; touching periods are fine', () => {
    const base = { code: 'x', grade: 'A' as const, authority: 'a' };
    const rows = [
      { ...base, line: 2, enterpriseId: 'e1', validFrom: '2020-01-01', validTo: '2021-01-01' },
      { ...base, line: 3, enterpriseId: 'e1', validFrom: '2021-01-01', validTo: '2022-01-01' },
      { ...base, line: 4, enterpriseId: 'e1', validFrom: '2021-06-01', validTo: '2021-07-01' },
      { ...base, line: 5, enterpriseId: 'e2', validFrom: '2021-06-01', validTo: '2021-07-01' },
    ];
    expect(overlapsInFile(rows).map((e) => `${e.line}:${e.rule}`)).toEqual(['4:overlap']);
  });
});
