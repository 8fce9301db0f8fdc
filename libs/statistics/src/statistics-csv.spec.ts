import { languageOf, rate, statTableToCsv, wantsCsv } from './statistics-csv.js';
import type { StatTable } from './statistics.types.js';

const table: StatTable = {
  report: 't',
  title: { zh: '表', en: 'Table' },
  params: {},
  columns: [
    { key: 'name', label: { zh: '名称', en: 'Name' }, kind: 'text' },
    { key: 'n', label: { zh: '数量', en: 'Count' }, kind: 'count' },
    { key: 'r', label: { zh: '比率', en: 'Rate' }, kind: 'rate' },
  ],
  rows: [
    { name: '福建省', n: 3, r: 0.5 },
    { name: '=HYPERLINK("x")', n: 0, r: null },
    { name: 'a, "b"', n: -1, r: 0 },
  ],
  totals: { n: 2, r: 0.25 },
  notes: [],
};

describe('statTableToCsv', () => {
  const csv = statTableToCsv(table, 'zh');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

  it.each([
    [0, '名称,数量,比率'],
    [1, '福建省,3,0.5'],
    [2, `"'=HYPERLINK(""x"")",0,`],
    [3, '"a, ""b""",-1,0'],
    [4, '合计,2,0.25'],
  ])('line %i is %s', (i, expected) => {
    expect(lines[i]).toBe(expected);
  });

  it('starts with a BOM, uses CRLF, and labels in English on request', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(statTableToCsv(table, 'en').split('\r\n')[0]).toBe('\uFEFFName,Count,Rate');
  });
});

describe('negotiation and rates', () => {
  it.each([
    ['text/csv', true],
    ['text/csv, application/json', true],
    ['application/json, text/csv', false],
    ['*/*', false],
    [undefined, false],
  ])('Accept %s → CSV %s', (accept, expected) => expect(wantsCsv(accept)).toBe(expected));

  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN', 'zh'],
    [undefined, 'zh'],
  ])('Accept-Language %s → %s', (header, lang) => expect(languageOf(header)).toBe(lang));

  it.each([
    [1, 3, 0.3333],
    [0, 0, null],
    [2, 2, 1],
  ])('rate(%i, %i) = %s', (n, d, r) => expect(rate(n, d)).toBe(r));
});
