import { seedFile } from '#qcr/platform';
import { readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  parentCode: string | null;
}
export interface IndustrySection {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** GB/T 2260 divisions from seeds/gbt2260-divisions.json, parents before children. */
export function divisionSeed(): Division[] {
  const doc = JSON.parse(readFileSync(seedFile('gbt2260-divisions.json'), 'utf8')) as { divisions: Division[] };
  const rank = { province: 0, prefecture: 1, county: 2 };
  return [...doc.divisions].sort((a, b) => rank[a.level] - rank[b.level]);
}

/** GB/T 4754-2017 sections A–T from seeds/gbt4754-industries.json. */
export function industrySeed(): IndustrySection[] {
  return (JSON.parse(readFileSync(seedFile('gbt4754-industries.json'), 'utf8')) as { industries: IndustrySection[] }).industries;
}

/** Idempotent: inserts new codes and refreshes names from the seed files. */
export async function upsertReferenceData(em: Pick<EntityManager, 'query'>): Promise<void> {
  const divisions = divisionSeed();
  await em.query(
    `INSERT INTO enterprises.divisions (code, name, level, parent_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
     WHERE (divisions.name, divisions.level, divisions.parent_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code)`,
    [divisions.map((d) => d.code), divisions.map((d) => d.name), divisions.map((d) => d.level), divisions.map((d) => d.parentCode)],
  );
  const industries = industrySeed();
  await em.query(
    `INSERT INTO enterprises.industries (code, name_zh, name_en)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en
     WHERE (industries.name_zh, industries.name_en) IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en)`,
    [industries.map((i) => i.code), industries.map((i) => i.nameZh), industries.map((i) => i.nameEn)],
  );
}

/**
 * The region implied by a USCC's division characters (3–8), or the closest
 * known ancestor (prefecture, then province); null when none is known.
 */
export function regionFromDivision(division: string, known: ReadonlySet<string>): string | null {
  for (const candidate of [division, `${division.slice(0, 4)}00`, `${division.slice(0, 2)}0000`]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}
