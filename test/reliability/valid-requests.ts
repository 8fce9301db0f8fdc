import fc from 'fast-check';
import { randomOrgCode, randomUscc, seededRandom } from '#qcr/identifiers';
import { todayInChina } from '#qcr/platform';
import { defined } from '../helpers/defined.js';
import type { Operation, Schema } from './support.js';

/**
 * Valid requests from the contract (issue 14): fast-check arbitraries derived from each operation's
 * OpenAPI schemas — every optional property present or absent (fast-check picks the subset), enums from
 * the document — with the values the schema cannot say (codes, references to existing records, dates
 * in the past) taken from the property's name and the fixtures the suite registered first.
 */
export interface Fixtures {
  enterpriseCodes: string[];
  creditRecordIds: string[];
  objectionIds: string[];
  listingIds: string[];
  repairApplicationIds: string[];
  overrideIds: string[];
  planIds: string[];
  runIds: string[];
  importIds: string[];
  receiptIds: string[];
  /** Staff give feedback only on checks they made themselves: one receipt per caller. */
  receiptsBy: Map<string, string>;
  agencyIds: string[];
  keyIds: string[];
  categoryCodes: string[];
  ownCategoryCodes: string[];
  measureCodes: string[];
  ownMeasureCodes: string[];
  modelVersions: string[];
  model: Record<string, unknown>;
  divisions: string[];
  industries: string[];
  demoPassword: string;
}

export interface ValidRequest {
  path: string;
  query: Record<string, string>;
  body?: unknown;
  raw?: string;
  contentType?: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土';
const han = (n: number) => fc.array(fc.constantFrom(...HAN), { minLength: n, maxLength: n }).map((a) => a.join(''));
const today = todayInChina();
const pastDate = fc
  .date({ min: new Date('2016-01-01T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const from = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** A fresh enterprise: a USCC embedding a real division, or an organisation code with its region. */
const freshEnterpriseCode = (f: Fixtures) =>
  fc
    .tuple(fc.integer(), from(f.divisions), fc.boolean())
    .map(([seed, division, uscc]) => (uscc ? randomUscc(seededRandom(seed ^ counter++), { division }) : randomOrgCode(seededRandom(seed ^ counter++))));

/** Property name (and the operation it is in) → what a valid value looks like. */
function byName(op: Operation, name: string, f: Fixtures): fc.Arbitrary<unknown> | undefined {
  const p = op.path;
  switch (name) {
    case 'code':
      if (p === '/api/v1/enterprises') return freshEnterpriseCode(f);
      if (p === '/api/v1/admin/agencies') return fc.constant(0).map(() => `fz-${unique()}`);
      if (p === '/api/v1/credit-categories') return fc.constant(0).map(() => `fz_${unique()}`);
      if (p === '/api/v1/measures') return fc.constant(0).map(() => `FZ-${unique().toUpperCase()}`);
      if (p === '/api/v1/admin/authorities') return fc.constant(0).map(() => `fz-${unique()}`);
      return undefined;
    // issue 24: a county bureau under the demo Xiamen one; users of the national authority (the demo role users' own)
    case 'level':
      return p === '/api/v1/admin/authorities' ? fc.constant('county') : undefined;
    case 'parent':
      return p === '/api/v1/admin/authorities' ? fc.constant('fj-xm') : undefined;
    case 'authority':
      return from(['samr', 'fj', 'fj-xm']);
    case 'secondAuthority':
      return fc.constant('fj-fz');
    case 'decidingAuthority':
      return fc.constant('国家市场监督管理总局');
    case 'username':
      return p.endsWith('/login') ? from(['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin']) : fc.constant(0).map(() => `fz.${unique()}`);
    case 'password':
      return p.endsWith('/login') ? fc.constant(f.demoPassword) : fc.constant('fuzz-password-123456');
    case 'regionCode':
      return p === '/api/v1/admin/authorities' ? fc.constant('350206') : from(f.divisions);
    case 'regionPrefix':
      return from(f.divisions).map((d) => d.slice(0, 4));
    case 'industryCode':
      return from(f.industries);
    case 'categoryCode':
      return from(['sampling_failed', 'sampling_passed', 'complaint_substantiated']);
    case 'enterprise':
      return from(f.enterpriseCodes);
    case 'codes':
      return fc.array(from(f.enterpriseCodes), { minLength: 1, maxLength: 5 });
    case 'listType':
      return fc.constant('quality_serious_dishonesty');
    case 'inspectors':
      return fc.array(han(3), { minLength: 1, maxLength: 4 });
    case 'occurredOn':
    case 'penaltyDecidedOn':
    case 'registeredOn':
    case 'periodFrom':
      return pastDate;
    case 'effectiveOn':
    case 'noticeDate':
    case 'receivedOn':
    case 'startDate':
    case 'asOf':
      return fc.constant(today);
    case 'periodTo':
    case 'publishUntil':
    case 'deadline':
      return fc.constant('2099-12-31');
    case 'idNumber':
      return fc.constant('11010519491231002X'); // GB 11643's own example: valid, check character X
    case 'idType':
      return fc.constant('resident_id');
    case 'phone':
      return fc.constant('13812345678');
    case 'documentNumber':
    case 'penaltyDocumentNumber':
    case 'decisionNumber':
      return fc.constant(0).map(() => `闽市监〔2025〕${unique()}号`);
    case 'name':
    case 'displayName':
    case 'title':
      return han(6).map((s) => `${s}有限公司`);
    case 'version':
      return undefined; // filled from the record read just before (optimistic concurrency)
    case 'model':
      return fc.constant(f.model);
    case 'measureCode':
      return from(f.measureCodes);
    case 'seed':
      return fc.string({ minLength: 1, maxLength: 20 });
    case 'chunkSize':
      return fc.integer({ min: 100, max: 5000 });
    case 'repairMinMonths':
    case 'repairMinMonthsStrict':
      return fc.option(fc.integer({ min: 0, max: 120 }), { nil: null });
    case 'triggerGrade':
      return from(['C', 'D']);
    case 'file':
      return undefined;
    case 'codeException':
      return undefined; // a documented exception is for codes failing their check: not this fuzz
    default:
      return undefined;
  }
}

/** A JSON schema → an arbitrary of values valid for it (strings: Chinese text within the bounds). */
export function arbitraryFor(op: Operation, s: Schema | undefined, f: Fixtures, name = ''): fc.Arbitrary<unknown> {
  const named = name ? byName(op, name, f) : undefined;
  if (named) return named;
  if (!s) return fc.constant(undefined);
  if (s.enum?.length) return from(s.enum);
  switch (s.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? 1, max: s.maximum ?? 100 });
    case 'array':
      return fc.uniqueArray(arbitraryFor(op, s.items, f), { minLength: 1, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      const props = Object.entries(s.properties ?? {}).filter(([k]) => byName(op, k, f) !== undefined || !['version', 'file', 'codeException'].includes(k));
      if (props.length === 0) return fc.constant({});
      const record = Object.fromEntries(props.map(([k, v]) => [k, arbitraryFor(op, v, f, k)]));
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in record) });
    }
    default:
      if (s.format === 'date') return pastDate;
      return han(Math.max(2, Math.min(s.minLength ?? 2, 8))).map((x) => (s.maxLength ? x.slice(0, s.maxLength) : x));
  }
}

/** Path parameters → an existing record of the right kind. */
function pathValue(op: Operation, param: string, f: Fixtures, rand: () => number): string {
  const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)] ?? '00000000-0000-4000-8000-000000000000';
  const p = op.path;
  if (param === 'code') {
    if (p.includes('/credit-categories/')) return pick(p.endsWith('}') && op.method === 'put' ? f.ownCategoryCodes : f.categoryCodes);
    if (p.includes('/measures/')) return pick(op.method === 'get' ? f.measureCodes : f.ownMeasureCodes);
    return pick(f.enterpriseCodes);
  }
  if (param === 'agencyId') return pick(f.agencyIds);
  if (param === 'keyId') return pick(f.keyIds);
  if (param === 'receiptId') return pick(f.receiptIds);
  if (param === 'applicationId') return pick(f.repairApplicationIds);
  if (param === 'version') return pick(f.modelVersions);
  if (param === 'level') return 'provincial'; // the consent setting of a level no other test decides at
  if (param === 'day') return '2099-01-01'; // a calendar day no deadline reaches
  if (p.startsWith('/api/v1/credit-records/')) return pick(f.creditRecordIds);
  if (p.startsWith('/api/v1/credit-objections/')) return pick(f.objectionIds);
  if (p.startsWith('/api/v1/listings/')) return pick(f.listingIds);
  if (p.startsWith('/api/v1/grade-overrides/')) return pick(f.overrideIds);
  if (p.includes('inspection-plans/')) return pick(f.planIds);
  if (p.startsWith('/api/v1/grading/runs/')) return pick(f.runIds);
  if (p.startsWith('/api/v1/enterprises/imports/')) return pick(f.importIds);
  return pick([]);
}

const csvEnterprises = (f: Fixtures, rand: () => number) => {
  const lines = ['uscc,org_code,name,legal_rep_name,region_code,industry_code,status,address,registered_on'];
  for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
    const division = defined(f.divisions[Math.floor(rand() * f.divisions.length)], 'a division in the fixtures');
    const uscc = randomUscc(seededRandom(Math.floor(rand() * 2 ** 31)), { division });
    // Optional columns empty half the time.
    const opt = (v: string) => (rand() < 0.5 ? v : '');
    lines.push(
      `${uscc},,${HAN[i]}${unique()}有限公司,${opt('张三')},${opt(division)},${f.industries[Math.floor(rand() * f.industries.length)]},${opt('存续')},${opt('厦门')},${opt('2015-03-02')}`,
    );
  }
  return `${lines.join('\n')}\n`;
};
const csvCreditRecords = (f: Fixtures, rand: () => number) =>
  'enterprise_code,category_code,occurred_on,document_number,issuing_department,legal_basis,description\n' +
  `${f.enterpriseCodes[Math.floor(rand() * f.enterpriseCodes.length)]},sampling_passed,2025-03-0${1 + Math.floor(rand() * 9)},导入〔2025〕${unique()}号,厦门市市场监督管理局,产品质量法,${rand() < 0.5 ? '抽查合格' : ''}\n`;

/** `count` valid requests for an operation, reproducible from the seed. */
export function validRequests(op: Operation, f: Fixtures, seed: number, count: number): ValidRequest[] {
  const rand = seededRandom(seed);
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, queryValue(op, p.name, p.schema, f)])), {
    requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name),
  });
  const bodyArb = op.bodyTypes.includes('application/json') ? arbitraryFor(op, op.bodySchema, f) : fc.constant(undefined);
  const samples = fc.sample(fc.tuple(queryArb, bodyArb), { seed, numRuns: count });
  return samples.map(([query, body]) => {
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(pathValue(op, name, f, rand)));
    const q = Object.fromEntries(
      Object.entries(query as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    if (op.bodyTypes.includes('text/csv')) {
      const raw = op.path.includes('credit-records') ? csvCreditRecords(f, rand) : csvEnterprises(f, rand);
      return { path, query: q, raw, contentType: 'text/csv' };
    }
    let b = conditionalRules(op, body, f);
    // An organisation code carries no division: its region is then required (docs/enterprises.md).
    if (op.key === 'POST /api/v1/enterprises' && b && typeof b === 'object' && String((b as { code: string }).code).length === 9) {
      b = { regionCode: f.divisions[0], ...b };
    }
    return { path, query: q, body: b, contentType: op.bodyTypes.length ? 'application/json' : undefined };
  });
}

/**
 * Rules that tie one property to another, which the OpenAPI document cannot state (class-validator ValidateIf):
 * a valid request follows them too.
 */
function conditionalRules(op: Operation, body: unknown, f: Fixtures): unknown {
  if (!body || typeof body !== 'object') return body;
  const b = { ...(body as Record<string, unknown>) };
  if (op.path.endsWith('/feedback')) {
    if (b.outcome === 'applied') b.measureCode ??= f.measureCodes[0];
    else b.reason ??= '不适用';
  }
  if (op.path.startsWith('/api/v1/measures')) {
    if (String(b.trigger).startsWith('grade_')) b.triggerGrade ??= 'C';
    else delete b.triggerGrade;
  }
  return b;
}

function queryValue(op: Operation, name: string, s: Schema | undefined, f: Fixtures): fc.Arbitrary<unknown> {
  switch (name) {
    case 'q':
      return from(['有限公司', '食品', '科技']);
    case 'region':
      return from(f.divisions);
    case 'industry':
      return from(f.industries);
    case 'enterprise':
      return from(f.enterpriseCodes);
    case 'cursor':
      return fc.constant(undefined);
    case 'limit':
      return fc.integer({ min: 1, max: 50 });
    // Trends take months (YYYY-MM); the other reports take days.
    case 'from':
      return fc.constant(op.path.endsWith('/trends') ? `${today.slice(0, 4)}-01` : `${today.slice(0, 4)}-01-01`);
    case 'to':
      return fc.constant(op.path.endsWith('/trends') ? today.slice(0, 7) : today);
    case 'asOf':
      return fc.constant(today);
    case 'fileName':
      return fc.constant('fuzz.csv');
    case 'entityType':
      return from(['enterprise', 'listing', 'agency']);
    case 'entityId':
    case 'actorId':
    case 'action':
      return fc.constant(undefined);
    case 'overdue':
    case 'includeRetired':
      return from(['true', 'false']);
    // issue 24: a region prefix of a real division (province, prefecture or county), an authority the seed has
    case 'regionPrefix':
      return fc.tuple(from(f.divisions), from([2, 4, 6])).map(([d, n]) => d.slice(0, n));
    case 'authority':
      return from(['samr', 'fj', 'fj-xm', 'fj-fz', 'fj-xm-sm']);
    // issue 20: a change-feed cursor (digits), and staff naming an agency by id (the partner means its own: omitted)
    case 'since':
      return fc.integer({ min: 0, max: 1_000_000 }).map(String);
    case 'agency':
      return fc.constant(undefined);
    default:
      return arbitraryFor(op, s, f);
  }
}
