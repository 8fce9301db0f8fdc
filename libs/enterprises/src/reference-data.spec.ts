import { mostPreciseKnown } from './import/csv-columns.js';
import { completeIndustry, regionFromDivision, withSectionLetter } from './reference-data.js';
import { referenceDocumentProblems } from './reference-editions.service.js';

const INDUSTRIES = new Set(['C', 'C13', 'C131', 'C1311', 'F', 'F51']);

describe('GB/T 4754 codes', () => {
  it.each([
    ['13', 'C13'],
    ['1311', 'C1311'],
    ['51', 'F51'],
    ['C13', 'C13'],
    ['99', '99'],
    ['C', 'C'],
  ])('withSectionLetter(%s) → %s', (given, expected) => expect(withSectionLetter(given, INDUSTRIES)).toBe(expected));

  it.each([
    ['C1311', 'C1311'],
    ['C1319', 'C131'],
    ['C1399', 'C13'],
    ['C99', 'C'],
    ['G54', ''],
    ['F5123', 'F51'],
  ])('the most precise known level of %s is %j (CSV import)', (given, expected) => expect(mostPreciseKnown(given, INDUSTRIES)).toBe(expected));

  it.each([
    ['C', 'section', null],
    ['C13', 'division', 'C'],
    ['C131', 'group', 'C13'],
    ['C1311', 'class', 'C131'],
  ])('%s is a %s under %j', (code, level, parentCode) => expect(completeIndustry({ code, nameZh: 'x' })).toMatchObject({ level, parentCode }));
});

describe('GB/T 2260 divisions', () => {
  const known = new Set(['110000', '110100', '110108', '310108']);
  it.each([
    ['110108', '110108'],
    ['110199', '110100'],
    ['119999', '110000'],
    ['310108', '310108'],
    ['990000', null],
  ])('a USCC embedding %s registers at %j (a retired division is known)', (division, expected) => expect(regionFromDivision(division, known)).toBe(expected));
});

describe('reference edition files', () => {
  it.each([
    [{ standard: 'GB/T 2260', edition: 'e', divisions: [{ code: '110108', name: '海淀区', level: 'county', parentCode: '110100' }] }, []],
    [{ standard: 'GB/T 2260', divisions: [] }, ['edition: required (e.g. "MCA 2024")']],
    [{ standard: 'x', edition: 'e' }, ['exactly one of divisions[] (GB/T 2260) or industries[] (GB/T 4754) is required']],
    [
      { standard: 'GB/T 2260', edition: 'e', divisions: [{ code: '11010', name: '', level: 'town', parentCode: null, successorCode: '110101' }] },
      [
        'divisions[0].code: six digits expected, given "11010"',
        'divisions[0].name: required',
        'divisions[0].level: province, prefecture or county',
        'divisions[0]: a successorCode needs validUntil',
      ],
    ],
    [
      { standard: 'GB/T 4754', edition: 'e', industries: [{ code: 'C13111', nameZh: '' }] },
      ['industries[0].code: C, C13, C131 or C1311 expected, given "C13111"', 'industries[0].nameZh: required'],
    ],
  ])('%j → %j', (doc, problems) => expect(referenceDocumentProblems(doc as never)).toEqual(problems));
});
