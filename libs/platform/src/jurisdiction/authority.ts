/** The four levels of market-supervision authority (SAMR Order No. 44; DOMAIN.md §7 jurisdiction). */
export const AUTHORITY_LEVELS = ['national', 'provincial', 'prefecture', 'county'] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** The authority a staff user acts for: enough to decide jurisdiction without a query. */
export interface ActingAuthority {
  id: string;
  code: string;
  name: string;
  level: AuthorityLevel;
  /** GB/T 2260 code of the authority's region; `000000` for the national authority */
  regionCode: string;
}
