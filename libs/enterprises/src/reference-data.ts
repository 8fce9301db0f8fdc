import { queryChanged, querySingle, seedFile } from '#qcr/platform';
import { readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';

/** GB/T 2260 division; a retired one (撤销) keeps its row with the date it ended and the code that took over. */
export interface Division {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  parentCode: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  successorCode?: string | null;
}
export const INDUSTRY_LEVELS = ['section', 'division', 'group', 'class'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];
/** GB/T 4754-2017: section `C`, division `C13`, group `C131`, class `C1311` (the section letter leads every code). */
export interface Industry {
  code: string;
  nameZh: string;
  nameEn?: string | null;
  level?: IndustryLevel;
  parentCode?: string | null;
}
/** GB/T 4754-2011 → 2017 (2017 与 2011 版对照): one 2011 code and the 2017 code(s) it became; one target is a 1:1 mapping. */
export interface IndustryCorrespondence {
  from: string;
  to: string[];
}
export interface ReferenceDocument {
  standard: string;
  edition?: string;
  source?: string;
  divisions?: Division[];
  industries?: Industry[];
  correspondence?: IndustryCorrespondence[];
}

const LEVEL_BY_LENGTH: Record<number, IndustryLevel> = { 1: 'section', 3: 'division', 4: 'group', 5: 'class' };
const DIVISION_RANK = { province: 0, prefecture: 1, county: 2 };

export const readReferenceDocument = (path: string): ReferenceDocument => JSON.parse(readFileSync(path, 'utf8')) as ReferenceDocument;

/** GB/T 2260 divisions from seeds/gbt2260-divisions.json, parents before children. */
export function divisionSeed(): Division[] {
  return sortDivisions(readReferenceDocument(seedFile('gbt2260-divisions.json')).divisions ?? []);
}

/** GB/T 4754-2017 from seeds/gbt4754-industries.json, parents before children. */
export function industrySeed(): Industry[] {
  return sortIndustries(readReferenceDocument(seedFile('gbt4754-industries.json')).industries ?? []);
}

const sortDivisions = (ds: Division[]) => [...ds].sort((a, b) => DIVISION_RANK[a.level] - DIVISION_RANK[b.level] || a.code.localeCompare(b.code));
const sortIndustries = (is: Industry[]) => [...is].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));

/** An industry row with its level and parent implied by the code when the file leaves them out. */
export function completeIndustry(i: Industry): Required<Industry> {
  const level = i.level ?? LEVEL_BY_LENGTH[i.code.length];
  if (level === undefined) throw new RangeError(`GB/T 4754 code ${i.code} has no level: codes have 1, 3, 4 or 5 characters`);
  const parentCode = i.parentCode ?? (i.code.length === 1 ? null : i.code.length === 3 ? i.code.charAt(0) : i.code.slice(0, -1));
  return { code: i.code, nameZh: i.nameZh, nameEn: i.nameEn ?? null, level, parentCode };
}

/**
 * The tables as they stood before reference editions (migration 1763700003000): base columns only,
 * sections only. Kept apart so that migration still runs on an empty database with today's seed files.
 */
export async function seedReferenceBase(em: Pick<EntityManager, 'query'>): Promise<void> {
  const divisions = divisionSeed();
  await em.query(
    `INSERT INTO enterprises.divisions (code, name, level, parent_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (code) DO NOTHING`,
    [divisions.map((d) => d.code), divisions.map((d) => d.name), divisions.map((d) => d.level), divisions.map((d) => d.parentCode)],
  );
  const sections = industrySeed().filter((i) => i.code.length === 1);
  await em.query(
    `INSERT INTO enterprises.industries (code, name_zh, name_en) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING`,
    [sections.map((i) => i.code), sections.map((i) => i.nameZh), sections.map((i) => i.nameEn ?? i.code)],
  );
}

export interface ReferenceChange {
  added: number;
  changed: number;
  retired: number;
}

/**
 * How an upsert treats rows already there. `edition`: a newer edition (`cli reference update`) overwrites them.
 * `seed`: the seed files, applied at every start, fill in what is missing but leave rows a later edition changed
 * (their `edition` differs), so a restart never undoes `cli reference update`.
 */
export type UpsertMode = 'edition' | 'seed';
const OWN_ROWS = (alias: string, mode: UpsertMode) => (mode === 'seed' ? `AND (${alias}.edition IS NULL OR ${alias}.edition = EXCLUDED.edition)` : '');

/**
 * Upserts divisions (names, levels, parents, retirement with successor) and returns what changed.
 * Rows are never deleted (enterprises keep their codes); codes absent from the document are left as they are.
 * Retirement sticks: a file that omits valid_until does not bring a retired code back (DOMAIN.md §3: the
 * historical code stays valid for what was issued under it). A successor that is itself retired later is
 * followed to the current code, so statistics map in one hop.
 */
export async function upsertDivisions(
  em: Pick<EntityManager, 'query'>,
  input: Division[],
  edition: string,
  mode: UpsertMode = 'edition',
): Promise<ReferenceChange> {
  const ds = sortDivisions(input);
  const col = <K extends keyof Division>(k: K) => ds.map((d) => d[k] ?? null);
  const row = await querySingle<ReferenceChange>(
    em,
    `WITH src AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[])
         AS s(code, name, level, parent_code, valid_from, valid_until, successor_code)),
     before AS (SELECT d.code, d.valid_until FROM enterprises.divisions d JOIN src USING (code)),
     up AS (
       INSERT INTO enterprises.divisions AS d (code, name, level, parent_code, valid_from, valid_until, edition)
       SELECT code, name, level, parent_code, valid_from, valid_until, $8 FROM src
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
         valid_from = EXCLUDED.valid_from, valid_until = coalesce(EXCLUDED.valid_until, d.valid_until), edition = EXCLUDED.edition
       WHERE (d.name, d.level, d.parent_code, d.valid_from, d.valid_until) IS DISTINCT FROM
             (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code, EXCLUDED.valid_from, coalesce(EXCLUDED.valid_until, d.valid_until))
         ${OWN_ROWS('d', mode)}
       RETURNING d.code, (xmax = 0) AS inserted, d.valid_until)
     SELECT count(*) FILTER (WHERE up.inserted)::int AS added, count(*) FILTER (WHERE NOT up.inserted)::int AS changed,
            count(*) FILTER (WHERE up.valid_until IS NOT NULL AND (b.code IS NULL OR b.valid_until IS NULL))::int AS retired
       FROM up LEFT JOIN before b USING (code)`,
    [col('code'), col('name'), col('level'), col('parentCode'), col('validFrom'), col('validUntil'), col('successorCode'), edition],
  );
  // Successors after every row exists (a successor may be new in this edition); the seed only fills missing ones.
  const withSuccessor = ds.filter((d) => d.successorCode);
  await em.query(
    `UPDATE enterprises.divisions d SET successor_code = s.successor_code
       FROM unnest($1::text[], $2::text[]) AS s(code, successor_code)
      WHERE d.code = s.code AND d.valid_until IS NOT NULL
        AND ${mode === 'seed' ? 'd.successor_code IS NULL' : 'd.successor_code IS DISTINCT FROM s.successor_code'}`,
    [withSuccessor.map((d) => d.code), withSuccessor.map((d) => d.successorCode)],
  );
  for (let hops = 0; hops < 10; hops++) {
    const { count: n } = await queryChanged<never>(
      em,
      `UPDATE enterprises.divisions d SET successor_code = s.successor_code FROM enterprises.divisions s
        WHERE d.successor_code = s.code AND s.successor_code IS NOT NULL`,
    );
    if (!n) break;
  }
  return row;
}

/** Upserts GB/T 4754 rows (any level), parents first; returns what changed. */
export async function upsertIndustries(
  em: Pick<EntityManager, 'query'>,
  input: Industry[],
  edition: string,
  mode: UpsertMode = 'edition',
): Promise<ReferenceChange> {
  const is = sortIndustries(input).map(completeIndustry);
  const row = await querySingle<ReferenceChange>(
    em,
    `WITH up AS (
       INSERT INTO enterprises.industries AS i (code, name_zh, name_en, level, parent_code, edition)
       SELECT s.*, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = coalesce(EXCLUDED.name_en, i.name_en), level = EXCLUDED.level,
         parent_code = EXCLUDED.parent_code, edition = EXCLUDED.edition
       WHERE (i.name_zh, i.name_en, i.level, i.parent_code) IS DISTINCT FROM
             (EXCLUDED.name_zh, coalesce(EXCLUDED.name_en, i.name_en), EXCLUDED.level, EXCLUDED.parent_code)
         ${OWN_ROWS('i', mode)}
       RETURNING (xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS changed, 0 AS retired FROM up`,
    [is.map((i) => i.code), is.map((i) => i.nameZh), is.map((i) => i.nameEn), is.map((i) => i.level), is.map((i) => i.parentCode), edition],
  );
  return row;
}

/**
 * Upserts the 2011 → 2017 correspondence: each (2011 code, 2017 code) pair once. A file replaces the targets it lists
 * for a 2011 code (a corrected table may narrow a split); the seed only adds pairs missing.
 */
export async function upsertCorrespondence(
  em: Pick<EntityManager, 'query'>,
  input: IndustryCorrespondence[],
  edition: string,
  mode: UpsertMode = 'edition',
): Promise<ReferenceChange> {
  const pairs = input.flatMap((m) => m.to.map((to) => [m.from, to] as const));
  if (mode === 'edition' && input.length) {
    await em.query(
      `DELETE FROM enterprises.industry_correspondence c WHERE c.from_code = ANY ($1::text[])
          AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS s(from_code, to_code) WHERE s.from_code = c.from_code AND s.to_code = c.to_code)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }
  const row = await querySingle<ReferenceChange>(
    em,
    `WITH up AS (
       INSERT INTO enterprises.industry_correspondence (from_code, to_code, edition)
       SELECT s.from_code, s.to_code, $3 FROM unnest($1::text[], $2::text[]) AS s(from_code, to_code)
       ON CONFLICT (from_code, to_code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS added, 0 AS changed, 0 AS retired FROM up`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), edition],
  );
  return row;
}

/** Idempotent: the seed files' editions (demo seed and the reference-editions migration); never undoes a later edition. */
export async function upsertReferenceData(em: Pick<EntityManager, 'query'>): Promise<void> {
  const divisions = readReferenceDocument(seedFile('gbt2260-divisions.json'));
  const industries = readReferenceDocument(seedFile('gbt4754-industries.json'));
  await upsertDivisions(em, divisions.divisions ?? [], divisions.edition ?? 'seed', 'seed');
  await upsertIndustries(em, industries.industries ?? [], industries.edition ?? 'seed', 'seed');
}

/** The seed's 2011 → 2017 correspondence (table from migration 1764800000000; kept apart so earlier migrations still run). */
export async function upsertCorrespondenceSeed(em: Pick<EntityManager, 'query'>): Promise<void> {
  const industries = readReferenceDocument(seedFile('gbt4754-industries.json'));
  await upsertCorrespondence(em, industries.correspondence ?? [], industries.edition ?? 'seed', 'seed');
}

/**
 * The region implied by a USCC's division characters (3–8), or the closest
 * known ancestor (prefecture, then province); null when none is known.
 * A retired division is known: USCCs issued under it keep it (DOMAIN.md §3; issue 14).
 */
export function regionFromDivision(division: string, known: ReadonlySet<string>): string | null {
  for (const candidate of [division, `${division.slice(0, 4)}00`, `${division.slice(0, 2)}0000`]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** `1311` → `C1311`: a GB/T 4754 code given without its section letter gets the one its division belongs to. */
export function withSectionLetter(code: string, known: { has(code: string): boolean }): string {
  if (!/^\d{2}/.test(code)) return code;
  for (const letter of 'ABCDEFGHIJKLMNOPQRST') if (known.has(`${letter}${code.slice(0, 2)}`)) return `${letter}${code}`;
  return code;
}

export type IndustryResolution = { kind: 'code'; code: string; from2011?: string } | { kind: 'ambiguous'; from2011: string; candidates: string[] };

/**
 * The 2017 code for what a registrar typed (issue 14): a 2017 code as given (digits get their section letter);
 * otherwise a GB/T 4754-2011 code with a 1:1 correspondence becomes its 2017 code; one that split into several is
 * `ambiguous` (the caller lists the candidates). A code valid in both editions is read as 2017. Anything else is
 * returned as given, for the unknown-code check to name the nearest.
 */
export function resolveIndustryCode(
  given: string,
  industries: { has(code: string): boolean },
  correspondence2011: ReadonlyMap<string, string[]>,
): IndustryResolution {
  const code = withSectionLetter(given, industries);
  if (industries.has(code)) return { kind: 'code', code };
  const from2011 = [code, ...'ABCDEFGHIJKLMNOPQRST'.split('').map((l) => `${l}${given}`)].find((c) => correspondence2011.has(c));
  if (!from2011) return { kind: 'code', code };
  const candidates = correspondence2011.get(from2011)!;
  const [only, ...others] = candidates;
  return only !== undefined && others.length === 0 ? { kind: 'code', code: only, from2011 } : { kind: 'ambiguous', from2011, candidates };
}
