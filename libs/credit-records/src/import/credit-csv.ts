import { normalizeCode, parseEnterpriseCode } from '#qcr/identifiers';
import { isIsoDate, type IsoDate } from '#qcr/platform';
import type { CreditCategory } from '../credit.types.js';
import { defaultPublishUntil } from '../publication.js';

/**
 * The columns of a credit-record CSV (docs/grading.md). Each field accepts its English name or
 * its usual Chinese header; unknown columns are ignored (exports carry many more).
 */
export const CREDIT_IMPORT_COLUMNS = {
  enterpriseCode: ['enterprise_code', 'code', '企业代码', '统一社会信用代码/组织机构代码'],
  uscc: ['uscc', '统一社会信用代码'],
  orgCode: ['org_code', '组织机构代码'],
  category: ['category_code', 'category', '信息类别', '信用信息类别', '类别代码', '类别'],
  occurredOn: ['occurred_on', '发生日期', '认定日期', '决定日期'],
  publishUntil: ['publish_until', '公示截止日期', '公示截止日'],
  documentNumber: ['document_number', '文书号', '决定文书号', '文书编号'],
  issuingDepartment: ['issuing_department', '发布部门', '认定部门', '决定机关', '实施部门'],
  legalBasis: ['legal_basis', '法律依据', '依据'],
  description: ['description', '内容', '情况说明', '描述'],
  strictRepair: ['strict_repair', '严格修复', '食品药品特种设备'],
} as const;
export type CreditImportField = keyof typeof CREDIT_IMPORT_COLUMNS;

export interface CreditImportRowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** A row that passed every check not needing the database; the enterprise is resolved per batch. */
export interface ValidCreditRow {
  line: number;
  /** the normalised code as given (USCC or organisation code) */
  code: string;
  /** set when the code fails its check rules: reported unless it is a registered documented exception */
  codeProblem: { rule: string; message: string } | null;
  categoryCode: string;
  severity: string;
  polarity: string;
  occurredOn: IsoDate;
  publishUntil: IsoDate;
  documentNumber: string;
  issuingDepartment: string;
  legalBasis: string;
  description: string;
  strictRepair: boolean;
}

/** Header cells → column index per field; reports the required columns that are missing. */
export function mapCreditHeader(header: string[]): { index: Partial<Record<CreditImportField, number>>; missing: string[] } {
  const clean = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const index: Partial<Record<CreditImportField, number>> = {};
  for (const [field, names] of Object.entries(CREDIT_IMPORT_COLUMNS) as [CreditImportField, readonly string[]][]) {
    const i = clean.findIndex((h) => names.includes(h));
    if (i >= 0) index[field] = i;
  }
  const missing = [
    ...(index.enterpriseCode === undefined && index.uscc === undefined && index.orgCode === undefined ? ['enterprise_code (or uscc / org_code)'] : []),
    ...(index.category === undefined ? ['category_code'] : []),
    ...(index.occurredOn === undefined ? ['occurred_on'] : []),
    ...(index.documentNumber === undefined ? ['document_number'] : []),
    ...(index.issuingDepartment === undefined ? ['issuing_department'] : []),
    ...(index.legalBasis === undefined ? ['legal_basis'] : []),
  ];
  return { index, missing };
}

/** `2025-03-15`, `2025/3/15`, `2025.3.15`, `2025年3月15日` → ISO; '' → null; anything else → undefined. */
export function toIsoDate(raw: string): IsoDate | null | undefined {
  if (!raw) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const [, year, month, day] = m ?? [];
  if (year === undefined || month === undefined || day === undefined) return undefined; // no match (the groups are not optional)
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

const YES = new Set(['1', 'true', 'yes', 'y', '是']);
const NO = new Set(['', '0', 'false', 'no', 'n', '否']);

/** Category lookup by code or by its Chinese / English name. */
export function categoryIndex(categories: CreditCategory[]): Map<string, CreditCategory> {
  const byKey = new Map<string, CreditCategory>();
  for (const c of categories) {
    if (!c.active) continue;
    byKey.set(c.code.toLowerCase(), c);
    byKey.set(c.name.zh, c);
    byKey.set(c.name.en.toLowerCase(), c);
  }
  return byKey;
}

const LIMITS: Array<[CreditImportField, string, number]> = [
  ['documentNumber', 'document_number', 200],
  ['issuingDepartment', 'issuing_department', 200],
  ['legalBasis', 'legal_basis', 500],
  ['description', 'description', 4000],
];

/**
 * Validates one CSV record with the same rules as POST …/credit-records (category active, occurred
 * date real and not in the future, publication end after it); returns every problem found in it.
 */
export function validateCreditRow(
  cells: string[],
  line: number,
  index: Partial<Record<CreditImportField, number>>,
  categories: ReadonlyMap<string, CreditCategory>,
  today: IsoDate,
): { row: ValidCreditRow } | { errors: CreditImportRowError[] } {
  const get = (f: CreditImportField) => (index[f] === undefined ? '' : (cells[index[f]] ?? '').trim());
  const errors: CreditImportRowError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });

  const rawCode = get('enterpriseCode') || get('uscc') || get('orgCode');
  const code = normalizeCode(rawCode);
  let codeProblem: ValidCreditRow['codeProblem'] = null;
  if (!rawCode) fail('enterprise_code', 'required', 'a USCC or an organisation code is required');
  else {
    const parsed = parseEnterpriseCode(rawCode);
    if (!parsed.ok) {
      // Length and alphabet can never match a registered code; check failures might (documented exceptions).
      if (parsed.rule === 'length' || parsed.rule === 'alphabet') fail('enterprise_code', parsed.rule, parsed.message);
      else codeProblem = { rule: parsed.rule, message: parsed.message };
    }
  }

  const categoryRaw = get('category');
  const category = categories.get(categoryRaw.toLowerCase()) ?? categories.get(categoryRaw);
  if (!categoryRaw) fail('category_code', 'required', 'category_code is required');
  else if (!category) fail('category_code', 'category', `unknown or inactive credit category '${categoryRaw}'`);

  const occurredOn = toIsoDate(get('occurredOn'));
  if (occurredOn === null) fail('occurred_on', 'required', 'occurred_on is required');
  else if (occurredOn === undefined) fail('occurred_on', 'date', `not a date: '${get('occurredOn')}' (YYYY-MM-DD)`);
  else if (occurredOn > today) fail('occurred_on', 'notFuture', 'occurred_on must not be in the future');

  const givenUntil = toIsoDate(get('publishUntil'));
  if (givenUntil === undefined) fail('publish_until', 'date', `not a date: '${get('publishUntil')}' (YYYY-MM-DD)`);
  let publishUntil: IsoDate | null = null;
  if (occurredOn && givenUntil !== undefined && category) {
    publishUntil = givenUntil ?? defaultPublishUntil(occurredOn, category);
    if (publishUntil <= occurredOn) fail('publish_until', 'afterOccurred', 'publish_until must be after occurred_on');
  }

  for (const [field, name] of [
    ['documentNumber', 'document_number'],
    ['issuingDepartment', 'issuing_department'],
    ['legalBasis', 'legal_basis'],
  ] as const) {
    if (!get(field)) fail(name, 'required', `${name} is required`);
  }
  for (const [field, name, max] of LIMITS) {
    if (get(field).length > max) fail(name, 'maxLength', `${name} is longer than ${max} characters`);
  }

  const strictRaw = get('strictRepair').toLowerCase();
  if (!YES.has(strictRaw) && !NO.has(strictRaw)) fail('strict_repair', 'boolean', `expected 是/否 or true/false, given '${get('strictRepair')}'`);

  if (errors.length || !category || !occurredOn || !publishUntil) return { errors };
  return {
    row: {
      line,
      code,
      codeProblem,
      categoryCode: category.code,
      severity: category.severity,
      polarity: category.polarity,
      occurredOn,
      publishUntil,
      documentNumber: get('documentNumber'),
      issuingDepartment: get('issuingDepartment'),
      legalBasis: get('legalBasis'),
      description: get('description'),
      strictRepair: YES.has(strictRaw),
    },
  };
}
