import type { CreditCategory } from '../credit.types.js';
import { categoryIndex, mapCreditHeader, toIsoDate, validateCreditRow } from './credit-csv.js';

const sampling: CreditCategory = {
  code: 'sampling_failed',
  polarity: 'negative',
  severity: 'general',
  name: { zh: '监督抽查不合格', en: 'Supervision sampling failed' },
  publicationMonths: 12,
  repairMinMonths: 6,
  repairMinMonthsStrict: 12,
  groundsListing: false,
  active: true,
  version: 1,
};
const retired: CreditCategory = { ...sampling, code: 'retired', name: { zh: '停用', en: 'Retired' }, active: false };
const categories = categoryIndex([sampling, retired]);
const header = mapCreditHeader(['统一社会信用代码', '信息类别', '发生日期', '公示截止日期', '文书号', '认定部门', '法律依据', '情况说明', '严格修复']).index;
const TODAY = '2025-06-30';
const good = ['91350200776049653A', 'sampling_failed', '2025-03-15', '', '厦市监抽〔2025〕1号', '厦门市市场监督管理局', '《产品质量法》', '', ''];
const row = (patch: Record<number, string>) => good.map((v, i) => patch[i] ?? v);
const rules = (cells: string[]) => {
  const r = validateCreditRow(cells, 7, header, categories, TODAY);
  return 'errors' in r ? r.errors.map((e) => `${e.field}:${e.rule}`) : [];
};

describe('credit-record CSV rules', () => {
  it('maps English and Chinese headers and names the missing required columns', () => {
    expect(mapCreditHeader(['code', 'category_code', 'occurred_on', 'document_number', 'issuing_department', 'legal_basis']).missing).toEqual([]);
    expect(mapCreditHeader(['\uFEFFuscc', 'name']).missing).toEqual(['category_code', 'occurred_on', 'document_number', 'issuing_department', 'legal_basis']);
  });

  it('accepts a good row, computing the publication end from the category', () => {
    const r = validateCreditRow(good, 7, header, categories, TODAY);
    // asymmetric matchers are typed `any`: held as unknown
    const expectedRow: unknown = expect.objectContaining({
      line: 7,
      code: '91350200776049653A',
      categoryCode: 'sampling_failed',
      publishUntil: '2026-03-15',
      strictRepair: false,
      codeProblem: null,
    });
    expect(r).toEqual({ row: expectedRow });
  });

  it.each([
    ['category by Chinese name', row({ 1: '监督抽查不合格' }), []],
    ['strict repair 是', row({ 8: '是' }), []],
    ['full-width, hyphenated org code', row({ 0: '７７６０４９６５-３' }), []],
    ['no code', row({ 0: '' }), ['enterprise_code:required']],
    ['a code of the wrong length', row({ 0: '9135020077604965' }), ['enterprise_code:length']],
    ['an inactive category', row({ 1: 'retired' }), ['category_code:category']],
    ['a future date', row({ 2: '2025-07-01' }), ['occurred_on:notFuture']],
    ['an impossible date', row({ 2: '2025-02-30' }), ['occurred_on:date']],
    ['publication end before occurrence', row({ 3: '2025-03-15' }), ['publish_until:afterOccurred']],
    ['missing department and basis', row({ 5: '', 6: '' }), ['issuing_department:required', 'legal_basis:required']],
    ['a long document number', row({ 4: 'x'.repeat(201) }), ['document_number:maxLength']],
    ['a bad boolean', row({ 8: 'maybe' }), ['strict_repair:boolean']],
  ])('%s', (_name, cells, expected) => {
    expect(rules(cells)).toEqual(expected);
  });

  it('keeps a code failing only its check for the batch lookup (documented exceptions)', () => {
    const r = validateCreditRow(row({ 0: '91350200776049653B' }), 7, header, categories, TODAY);
    const message: unknown = expect.any(String);
    const expectedRow: unknown = expect.objectContaining({ codeProblem: { rule: 'uscc_check', message } });
    expect(r).toEqual({ row: expectedRow });
  });

  it.each([
    ['2025-03-05', '2025-03-05'],
    ['2025/3/5', '2025-03-05'],
    ['2025年3月5日', '2025-03-05'],
    ['20250305', '2025-03-05'],
    ['', null],
    ['2025-13-01', undefined],
    ['05/03/2025', undefined],
  ])('reads the date %s', (raw, iso) => {
    expect(toIsoDate(raw)).toBe(iso);
  });
});
