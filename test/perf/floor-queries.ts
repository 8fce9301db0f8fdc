import type pg from 'pg';

/**
 * The floors the API's check is measured against: the least work an answer needs on this data,
 * written from the tables directly and on purpose NOT through the API's own SQL (the published
 * functions enterprises.resolve_code, grading.grade_on, blacklist.listings_on), so a slow query
 * in the API cannot hide behind a baseline that copies it.
 *
 * - probe: one prepared unique-btree lookup of the enterprise by USCC (or organisation code). No
 *   lookup of anything here can cost less: the physical floor.
 * - check: the whole check as one prepared statement — the enterprise, its grade on the date (the
 *   newest grade row starting on or before it that has not ended) and the listings in force on the
 *   date — and the verdict from the purpose's measures, read once at start. No framework, no auth,
 *   no validation, no receipt, no log.
 */

const ENTERPRISE = `e.id, e.uscc, e.org_code, e.name, e.status`;

/** Grade on $2: newest row with valid_from <= $2, if it has not ended by $2 (btree on enterprise_id, valid_from). */
const GRADE = `LEFT JOIN LATERAL (
    SELECT g.grade, g.valid_from FROM grading.grades g
     WHERE g.enterprise_id = e.id AND g.valid_from <= $2::date AND (g.valid_to IS NULL OR g.valid_to > $2::date)
     ORDER BY g.valid_from DESC LIMIT 1) g ON true`;

/**
 * Listing ids in force on $2: decided, started, and neither removed nor past its planned end. An independent copy of
 * the rule (blacklist.in_force_until, issue 23) on purpose: the floor must not share the API's SQL, or a slow or wrong
 * definition would move the floor with it. It is the one copy of "in force" outside the blacklist context.
 */
const LISTINGS = `ARRAY(
    SELECT l.id FROM blacklist.listings l
     WHERE l.enterprise_id = e.id AND l.start_date <= $2::date
       AND l.status IN ('listed','expired','repaired','revoked')
       AND $2::date < least(l.ended_on, l.planned_end_date) -- least() skips a NULL ended_on
     ORDER BY l.start_date, l.seq) AS listing_ids`;

const byColumn = (column: 'uscc' | 'org_code', many: boolean) =>
  many
    ? `SELECT c.code, ${ENTERPRISE}, g.grade, g.valid_from::text AS grade_from, ${LISTINGS}
         FROM enterprises.enterprises e JOIN unnest($1::text[]) AS c(code) ON e.${column} = c.code ${GRADE}`
    : `SELECT ${ENTERPRISE}, g.grade, g.valid_from::text AS grade_from, ${LISTINGS}
         FROM enterprises.enterprises e ${GRADE} WHERE e.${column} = $1`;

export const FLOOR_SQL = {
  probeUscc: `SELECT ${ENTERPRISE} FROM enterprises.enterprises e WHERE e.uscc = $1`,
  probeOrg: `SELECT ${ENTERPRISE} FROM enterprises.enterprises e WHERE e.org_code = $1`,
  checkUscc: byColumn('uscc', false),
  checkOrg: byColumn('org_code', false),
  batchUscc: byColumn('uscc', true),
  batchOrg: byColumn('org_code', true),
};

export interface FloorMeasure {
  kind: 'restriction' | 'incentive';
  trigger: 'listed' | 'grade_at_most' | 'grade_at_least';
  triggerGrade: string | null;
}

export interface FloorAnswer {
  code: string;
  verdict: 'restricted' | 'priority' | 'clear' | 'not_registered';
  grade: string | null;
  listingIds: string[];
}

const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'];

/** DOMAIN.md §8, as plainly as it can be said: any firing restriction → restricted; else any incentive → priority. */
export function floorVerdict(measures: FloorMeasure[], grade: string | null, listed: boolean): FloorAnswer['verdict'] {
  const fires = (m: FloorMeasure) =>
    m.trigger === 'listed'
      ? listed
      : grade !== null &&
        m.triggerGrade !== null &&
        (m.trigger === 'grade_at_most' ? GRADES.indexOf(grade) >= GRADES.indexOf(m.triggerGrade) : GRADES.indexOf(grade) <= GRADES.indexOf(m.triggerGrade));
  if (measures.some((m) => m.kind === 'restriction' && fires(m))) return 'restricted';
  if (measures.some((m) => m.kind === 'incentive' && fires(m))) return 'priority';
  return 'clear';
}

export async function loadMeasures(db: pg.Pool, purpose: string): Promise<FloorMeasure[]> {
  const { rows } = await db.query<{ kind: FloorMeasure['kind']; trigger: FloorMeasure['trigger']; trigger_grade: string | null }>(
    `SELECT kind, trigger, trigger_grade FROM measures.catalogue WHERE active AND purpose = $1`,
    [purpose],
  );
  return rows.map((r) => ({ kind: r.kind, trigger: r.trigger, triggerGrade: r.trigger_grade }));
}

/** Trim, upper-case, drop the hyphen (XXXXXXXX-X); full-width input is not part of the bench's codes. */
export function normalize(raw: string): string {
  return raw.trim().toUpperCase().replace(/-/g, '');
}
