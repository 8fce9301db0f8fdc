import type { Actor } from '../http/actor.js';
import { problem, type ProblemSpec } from '../http/problem.js';

import { type ActingAuthority, AUTHORITY_LEVELS, type AuthorityLevel } from './authority.js';

export { type ActingAuthority, AUTHORITY_LEVELS, type AuthorityLevel };

/**
 * How many leading digits of a GB/T 2260 code name the region an authority of this level covers:
 * a province is `35····`, a prefecture `3502··`, a county `350203`; the nation covers every code.
 * Jurisdiction is then one string prefix test per request, no recursive query over the authority tree.
 */
export const REGION_PREFIX_DIGITS: Record<AuthorityLevel, number> = { national: 0, provincial: 2, prefecture: 4, county: 6 };

export function regionPrefix(a: Pick<ActingAuthority, 'level' | 'regionCode'>): string {
  return a.regionCode.slice(0, REGION_PREFIX_DIGITS[a.level]);
}

/** Does the authority's region contain the region code? (A provincial authority covers its prefectures and counties.) */
export function covers(a: Pick<ActingAuthority, 'level' | 'regionCode'>, regionCode: string): boolean {
  return regionCode.startsWith(regionPrefix(a));
}

/** Does an authority's region code have the shape its level needs (`350000`, `350200`, `350203`, `000000`)? */
export function regionFitsLevel(level: AuthorityLevel, regionCode: string): boolean {
  if (!/^\d{6}$/.test(regionCode)) return false;
  switch (level) {
    case 'national':
      return regionCode === '000000';
    case 'provincial':
      return /^\d{2}0000$/.test(regionCode) && regionCode !== '000000';
    case 'prefecture':
      return /^\d{4}00$/.test(regionCode) && !regionCode.endsWith('0000');
    case 'county':
      return !regionCode.endsWith('00');
  }
}

export const JurisdictionProblems = {
  outside: {
    status: 403,
    code: 'ACCESS.OUTSIDE_JURISDICTION',
    title: { zh: '超出本机关管辖区域：只能对辖区内企业执行写操作', en: "Outside the authority's jurisdiction: writes only for enterprises in its region" },
  },
  noAuthority: {
    status: 403,
    code: 'ACCESS.NO_AUTHORITY',
    title: { zh: '该用户未隶属任何市场监管机关', en: 'The user acts for no authority' },
  },
} satisfies Record<string, ProblemSpec>;

/** The first of the actor's authorities whose region contains the code (primary first), or null. */
export function authorityCovering(actor: Actor, regionCode: string): ActingAuthority | null {
  return actor.authorities?.find((a) => covers(a, regionCode)) ?? null;
}

/**
 * Writes on an enterprise are allowed only within the acting authority's region (DOMAIN.md §7: staff act for one
 * authority and write only within its region; reads are nationwide). System actors (jobs, the demo seed, the CLI)
 * are not bound by it. Returns the authority the write is made for.
 */
export function assertWithinJurisdiction(actor: Actor, regionCode: string, what: string): ActingAuthority | null {
  if (actor.kind !== 'staff') return null;
  if (!actor.authorities?.length) throw problem(JurisdictionProblems.noAuthority, `${actor.name} acts for no authority and may not ${what}`);
  const authority = authorityCovering(actor, regionCode);
  if (!authority) {
    const names = actor.authorities.map((a) => `${a.name} (${regionPrefix(a) || 'nationwide'})`).join(', ');
    throw problem(JurisdictionProblems.outside, `jurisdiction rule: ${what} is a write on an enterprise in region ${regionCode}, outside ${names}`, [], {
      rule: 'jurisdiction.region',
      regionCode,
      authorities: actor.authorities.map((a) => a.code),
    });
  }
  return authority;
}
