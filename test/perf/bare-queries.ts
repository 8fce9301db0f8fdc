import type pg from 'pg';

/**
 * The lookups a joint-measure check must make, as plain SQL: the baseline the API is measured
 * against. Mirrors the facades the check uses (EnterprisesService.resolve/resolveMany,
 * GradingService.gradeOn/gradesOn, BlacklistReader.activeListings/activeListingsMany); keep in
 * step with them. What the baseline leaves out on purpose: framework, auth, validation, the
 * measure catalogue, receipts and the check log — that is the overhead being measured.
 */

/** Same predicate as BlacklistReader's ACTIVE_ON (libs/blacklist/src/blacklist-reader.ts). */
const ACTIVE_ON = (alias: string, asOf: string) => `
  ${alias}.start_date IS NOT NULL
  AND ${alias}.status IN ('listed','expired','repaired','revoked')
  AND ${alias}.start_date <= ${asOf}::date
  AND ${asOf}::date < greatest(${alias}.start_date, least(${alias}.ended_on, ${alias}.planned_end_date))`;

const ENTERPRISE_COLUMNS = 'e.id, e.uscc, e.org_code, e.name, e.region_code, e.industry_code, e.status, e.code_exception_reason';
const LISTING_COLUMNS = `l.id, l.enterprise_id, l.list_type, t.name_zh, t.name_en, l.reason, l.legal_basis, l.decision_number,
  l.deciding_authority, to_char(l.start_date, 'YYYY-MM-DD') AS start_date, to_char(l.planned_end_date, 'YYYY-MM-DD') AS planned_end_date`;

export function normalize(raw: string): string {
  return raw.trim().toUpperCase().replace(/-/g, '');
}

export function todayInShanghai(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** The grade-on-a-date query, once the grading context has a history table this build knows. */
export interface GradeQuery {
  one: string; // $1 enterprise id, $2 date
  many: string; // $1 uuid[], $2 date
}

/** grading.grades (valid_from, valid_to) when this build has the grading context; null otherwise (reported). */
export async function detectGradeQuery(db: pg.Pool): Promise<GradeQuery | null> {
  const { rows } = await db.query(`SELECT to_regclass('grading.grades') IS NOT NULL AS ok`);
  if (!rows[0].ok) return null;
  const during = `g.valid_from <= $2::date AND (g.valid_to IS NULL OR $2::date < g.valid_to)`;
  return {
    one: `SELECT g.grade, g.valid_from FROM grading.grades g WHERE g.enterprise_id = $1 AND ${during} LIMIT 1`,
    many: `SELECT g.enterprise_id, g.grade, g.valid_from FROM grading.grades g WHERE g.enterprise_id = ANY($1::uuid[]) AND ${during}`,
  };
}

export async function lookupOne(db: pg.Pool, rawCode: string, asOf: string, grade: GradeQuery | null) {
  const code = normalize(rawCode);
  const column = code.length === 18 ? 'uscc' : 'org_code';
  const { rows } = await db.query(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprises.enterprises e WHERE e.${column} = $1`, [code]);
  const enterprise = rows[0];
  if (!enterprise) return { verdict: 'not_registered', code };
  const [g, listings] = await Promise.all([
    grade ? db.query(grade.one, [enterprise.id, asOf]) : Promise.resolve({ rows: [] }),
    db.query(
      `SELECT ${LISTING_COLUMNS} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE l.enterprise_id = $1 AND ${ACTIVE_ON('l', '$2')} ORDER BY l.start_date, l.seq`,
      [enterprise.id, asOf],
    ),
  ]);
  return {
    verdict: listings.rows.length > 0 ? 'restricted' : 'clear',
    enterprise,
    grade: g.rows[0] ?? null,
    listings: listings.rows,
    asOf,
  };
}

/** The bare `= ANY($1::text[])` batch: enterprises, then their grades and listings, one query each. */
export async function lookupMany(db: pg.Pool, rawCodes: string[], asOf: string, grade: GradeQuery | null): Promise<number> {
  const codes = rawCodes.map(normalize);
  const { rows } = await db.query(
    `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises.enterprises e WHERE e.uscc = ANY($1::text[]) OR e.org_code = ANY($1::text[])`,
    [codes],
  );
  const ids = rows.map((r) => r.id as string);
  await Promise.all([
    grade ? db.query(grade.many, [ids, asOf]) : Promise.resolve(null),
    db.query(
      `SELECT ${LISTING_COLUMNS} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE l.enterprise_id = ANY($1::uuid[]) AND ${ACTIVE_ON('l', '$2')}`,
      [ids, asOf],
    ),
  ]);
  return rows.length;
}
