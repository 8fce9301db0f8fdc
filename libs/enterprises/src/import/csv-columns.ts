import { normalizeCode, parseEnterpriseCode } from '#qcr/identifiers';
import { INVISIBLE_FORMATTING, isIsoDate } from '#qcr/platform';
import type { EnterpriseStatus } from '../enterprise.types.js';
import { regionFromDivision } from '../reference-data.js';

/**
 * The columns of the CSV a provincial market-regulation system exports (docs/enterprises.md).
 * Each field accepts its English name or its usual Chinese header.
 */
export const IMPORT_COLUMNS = {
  uscc: ['uscc', '统一社会信用代码'],
  orgCode: ['org_code', '组织机构代码'],
  name: ['name', '企业名称', '名称'],
  legalRepName: ['legal_rep_name', '法定代表人', '法定代表人姓名'],
  legalRepId: ['legal_rep_id', '法定代表人证件号码', '法定代表人身份证号码', '证件号码'],
  legalRepPhone: ['legal_rep_phone', '联系电话'],
  regionCode: ['region_code', '行政区划代码', '住所所在行政区划'],
  industryCode: ['industry_code', '行业门类', '行业代码'],
  status: ['status', '登记状态', '经营状态'],
  address: ['address', '住所', '地址'],
  registeredOn: ['registered_on', '成立日期'],
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

export interface ImportRowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** A row that passed validation, in stored form (personal data not yet sealed). */
export interface ValidRow {
  line: number;
  uscc: string | null;
  orgCode: string;
  name: string;
  legalRepName: string | null;
  legalRepId: string | null;
  legalRepPhone: string | null;
  regionCode: string;
  industryCode: string;
  status: EnterpriseStatus;
  address: string | null;
  registeredOn: string | null;
}

const STATUS_WORDS: Record<string, EnterpriseStatus> = {
  '': 'active',
  active: 'active',
  存续: 'active',
  在业: 'active',
  开业: 'active',
  deregistered: 'deregistered',
  注销: 'deregistered',
  已注销: 'deregistered',
  revoked: 'revoked',
  吊销: 'revoked',
  已吊销: 'revoked',
  '吊销，未注销': 'revoked',
};

/** The longest prefix of a GB/T 4754 code (C1311 → C131 → C13 → C) that the loaded edition holds, or ''. */
export function mostPreciseKnown(code: string, known: ReadonlySet<string>): string {
  for (const length of [5, 4, 3, 1]) if (code.length >= length && known.has(code.slice(0, length))) return code.slice(0, length);
  return '';
}

/** Header cells → column index per field; unknown headers are ignored (exports carry many more). */
export function mapHeader(header: string[]): { index: Partial<Record<ImportField, number>>; missing: string[] } {
  const clean = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const index: Partial<Record<ImportField, number>> = {};
  for (const [field, names] of Object.entries(IMPORT_COLUMNS) as [ImportField, readonly string[]][]) {
    const i = clean.findIndex((h) => names.includes(h));
    if (i >= 0) index[field] = i;
  }
  const missing = [
    ...(index.uscc === undefined && index.orgCode === undefined ? ['uscc or org_code'] : []),
    ...(index.name === undefined ? ['name'] : []),
    ...(index.industryCode === undefined ? ['industry_code'] : []),
  ];
  return { index, missing };
}

function toIsoDate(raw: string): string | null | undefined {
  if (!raw) return null;
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(raw);
  const [, year, month, day] = m ?? [];
  if (year === undefined || month === undefined || day === undefined) return undefined; // no match (the groups are not optional)
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** Validates one record; returns the stored form or every problem found in it. */
export function validateRow(
  cells: string[],
  line: number,
  index: Partial<Record<ImportField, number>>,
  known: { divisions: ReadonlySet<string>; industries: ReadonlySet<string> },
): { row: ValidRow } | { errors: ImportRowError[] } {
  const get = (f: ImportField) => (index[f] === undefined ? '' : (cells[index[f]] ?? '').trim());
  const errors: ImportRowError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });

  const usccRaw = get('uscc');
  const orgRaw = get('orgCode');
  let uscc: string | null = null;
  let orgCode: string | null = null;
  if (usccRaw) {
    const p = parseEnterpriseCode(usccRaw);
    if (!p.ok) fail('uscc', p.rule, p.message);
    else if (p.kind !== 'uscc') fail('uscc', 'length', `expected an 18-character USCC, given ${normalizeCode(usccRaw).length} characters`);
    else {
      uscc = p.uscc!;
      orgCode = p.orgCode;
    }
  }
  if (orgRaw) {
    const p = parseEnterpriseCode(orgRaw);
    if (!p.ok) fail('org_code', p.rule, p.message);
    else if (p.kind !== 'org') fail('org_code', 'length', 'expected a 9-character organisation code');
    else if (orgCode && orgCode !== p.orgCode) fail('org_code', 'uscc_mismatch', `the USCC embeds ${orgCode}, given ${p.orgCode}`);
    else orgCode = p.orgCode;
  }
  if (!usccRaw && !orgRaw) fail('uscc', 'required', 'a USCC or an organisation code is required');

  const name = get('name');
  if (!name) fail('name', 'required', 'name is required');
  else if (name.length > 200) fail('name', 'maxLength', 'name is longer than 200 characters');
  else if (INVISIBLE_FORMATTING.test(name)) fail('name', 'plainName', 'name must not contain bidi control or zero-width characters');

  let regionCode = get('regionCode');
  if (regionCode && !known.divisions.has(regionCode)) fail('region_code', 'gbt2260', `unknown GB/T 2260 division ${regionCode}`);
  if (!regionCode) {
    regionCode = (uscc && regionFromDivision(uscc.slice(2, 8), known.divisions)) || '';
    if (!regionCode && (uscc || !usccRaw)) fail('region_code', 'required', 'region_code is required when the code carries no known division');
  }
  // Exports give a section (C) or a longer code (C13, C1311); we keep the most precise level the loaded
  // GB/T 4754 edition knows (a class not yet loaded counts under its group, division or section).
  const industryRaw = get('industryCode').toUpperCase();
  const industryCode = mostPreciseKnown(industryRaw, known.industries);
  if (!/^[A-T](\d{2,4})?$/.test(industryRaw) || !industryCode) {
    fail('industry_code', 'gbt4754', `expected a GB/T 4754 code (section A–T, or C13, C131, C1311), given '${industryRaw}'`);
  }
  const status = STATUS_WORDS[get('status').toLowerCase()];
  if (!status) fail('status', 'enum', `unknown status '${get('status')}' (存续/注销/吊销 or active/deregistered/revoked)`);
  const registeredOn = toIsoDate(get('registeredOn'));
  if (registeredOn === undefined) fail('registered_on', 'date', `not a date: '${get('registeredOn')}' (YYYY-MM-DD)`);

  if (errors.length || !orgCode || !status) return { errors }; // no status: failed above
  return {
    row: {
      line,
      uscc,
      orgCode,
      name,
      regionCode,
      industryCode,
      status,
      legalRepName: get('legalRepName') || null,
      legalRepId: get('legalRepId') || null,
      legalRepPhone: get('legalRepPhone') || null,
      address: get('address') || null,
      registeredOn: registeredOn ?? null,
    },
  };
}
