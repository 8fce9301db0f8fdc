import { type AuthorityLevel, covers, regionFitsLevel, regionPrefix } from './jurisdiction.js';

const a = (level: AuthorityLevel, regionCode: string) => ({ level, regionCode });

describe('jurisdiction: does an authority cover a GB/T 2260 region?', () => {
  it.each([
    ['nation covers Xiamen Siming', a('national', '000000'), '350203', true],
    ['Fujian covers Xiamen Siming', a('provincial', '350000'), '350203', true],
    ['Fujian covers Fuzhou', a('provincial', '350000'), '350100', true],
    ['Fujian does not cover Guangdong', a('provincial', '350000'), '440300', false],
    ['Xiamen covers Siming', a('prefecture', '350200'), '350203', true],
    ['Xiamen covers itself', a('prefecture', '350200'), '350200', true],
    ['Xiamen does not cover Fuzhou Gulou', a('prefecture', '350200'), '350102', false],
    ['Xiamen does not cover the province code', a('prefecture', '350200'), '350000', false],
    ['Siming covers only Siming', a('county', '350203'), '350203', true],
    ['Siming does not cover Huli', a('county', '350203'), '350206', false],
  ])('%s', (_name, authority, region, expected) => {
    expect(covers(authority, region)).toBe(expected);
  });

  it.each([
    ['national', '000000', ''],
    ['provincial', '350000', '35'],
    ['prefecture', '350200', '3502'],
    ['county', '350203', '350203'],
  ] as const)('%s %s → prefix %j', (level, code, prefix) => expect(regionPrefix(a(level, code))).toBe(prefix));

  it.each([
    ['national', '000000', true],
    ['national', '350000', false],
    ['provincial', '350000', true],
    ['provincial', '350200', false],
    ['prefecture', '350200', true],
    ['prefecture', '350000', false],
    ['prefecture', '350203', false],
    ['county', '350203', true],
    ['county', '350200', false],
    ['county', '35020x', false],
  ] as const)('%s with region %s fits its level: %s', (level, code, ok) => expect(regionFitsLevel(level, code)).toBe(ok));
});
