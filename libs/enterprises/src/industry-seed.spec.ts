import { readFileSync } from 'node:fs';
import { type IndustryCorrespondence, type ReferenceDocument, resolveIndustryCode } from './reference-data.js';

/**
 * The committed GB/T 4754-2017 seed (seeds/gbt4754-industries.json, built by seeds/sources/build-gbt4754-seed.mjs)
 * is checked for shape: the standard's counts, every row under an existing parent of the level above, codes that
 * extend their parent's, and the classes the standard is known by (issue 14).
 */
const doc = JSON.parse(readFileSync('seeds/gbt4754-industries.json', 'utf8')) as ReferenceDocument & { correspondence: IndustryCorrespondence[] };
const rows = doc.industries!;
const byCode = new Map(rows.map((r) => [r.code, r]));
const at = (level: string) => rows.filter((r) => r.level === level);

describe('GB/T 4754-2017 seed', () => {
  it('has 20 sections, 97 divisions, 473 groups and the classes (1,380 in the 2017 text; 1,381 in the source)', () => {
    expect([at('section').length, at('division').length, at('group').length]).toEqual([20, 97, 473]);
    expect(at('class').length).toBeGreaterThanOrEqual(1_380);
    expect(at('class').length).toBeLessThanOrEqual(1_382);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });

  it.each([
    ['class', 'group', /^[A-T]\d{4}$/],
    ['group', 'division', /^[A-T]\d{3}$/],
    ['division', 'section', /^[A-T]\d{2}$/],
  ])('every %s sits under an existing %s whose code it extends', (level, parentLevel, shape) => {
    const orphans = at(level).filter((r) => !shape.test(r.code) || byCode.get(r.parentCode ?? '')?.level !== parentLevel || !r.code.startsWith(r.parentCode!));
    expect(orphans).toEqual([]);
  });

  it('leaves no group or division without children', () => {
    const parents = new Set(rows.map((r) => r.parentCode));
    expect([...at('group'), ...at('division'), ...at('section')].filter((r) => !parents.has(r.code))).toEqual([]);
  });

  it.each([
    ['C1311', '稻谷加工', 'C131', '谷物磨制'],
    ['A0190', '其他农业', 'A019', '其他农业'],
    ['I6513', '应用软件开发', 'I651', '软件开发'],
    ['C3741', '飞机制造', 'C374', '航空、航天器及设备制造'],
    ['T9700', '国际组织', 'T970', '国际组织'],
  ])('%s is %s under %s %s', (code, name, group, groupName) => {
    expect(byCode.get(code)).toMatchObject({ nameZh: name, level: 'class', parentCode: group });
    expect(byCode.get(group)).toMatchObject({ nameZh: groupName, level: 'group' });
  });

  it('carries a correspondence whose every target is a 2017 code', () => {
    expect(doc.correspondence.flatMap((m) => m.to).filter((c) => !byCode.has(c))).toEqual([]);
  });
});

describe('a GB/T 4754-2011 code', () => {
  const known = new Set(['I', 'I65', 'I651', 'I6511', 'I6512', 'I6591', 'C', 'C13', 'C1311']);
  const correspondence = new Map([
    ['I6510', ['I6511', 'I6512']],
    ['I6592', ['I6591']],
  ]);
  it.each([
    ['C1311', { kind: 'code', code: 'C1311' }],
    ['1311', { kind: 'code', code: 'C1311' }],
    ['I6592', { kind: 'code', code: 'I6591', from2011: 'I6592' }],
    ['6592', { kind: 'code', code: 'I6591', from2011: 'I6592' }],
    ['I6510', { kind: 'ambiguous', from2011: 'I6510', candidates: ['I6511', 'I6512'] }],
    ['I6599', { kind: 'code', code: 'I6599' }],
  ])('%s resolves to %j', (given, expected) => expect(resolveIndustryCode(given, known, correspondence)).toEqual(expected));
});
