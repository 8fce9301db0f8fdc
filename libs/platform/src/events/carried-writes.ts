/**
 * A write one context leaves for a later statement of the same transaction to send (issue 21: a listing decision's
 * grade write rides on the change outbox's event insert): data-modifying CTEs, each `[name, sql]`, with their own
 * parameters numbered from $1. Names must be unique within a statement.
 */
export interface CarriedWrite {
  ctes: Array<[name: string, sql: string]>;
  params: unknown[];
}

/**
 * One statement: the caller's CTEs and parameters first, then the carried writes' CTEs with their parameters renumbered
 * after the caller's, then the caller's final SELECT. All CTEs are top-level, as PostgreSQL requires of data-modifying
 * ones; they run on one snapshot, so a carried write may not depend on what the caller's CTEs write (nor the reverse).
 */
export function withCarried(own: CarriedWrite & { select: string }, carried: readonly CarriedWrite[]): { sql: string; params: unknown[] } {
  const params = [...own.params];
  const ctes = [...own.ctes];
  for (const w of carried) {
    const offset = params.length;
    ctes.push(...w.ctes.map(([name, sql]): [string, string] => [name, sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`)]));
    params.push(...w.params);
  }
  const names = ctes.map(([name]) => name);
  if (new Set(names).size !== names.length) throw new Error(`carried writes: CTE names collide (${names.join(', ')})`);
  return { sql: ctes.length ? `WITH ${ctes.map(([name, sql]) => `${name} AS (${sql})`).join(',\n')}\n${own.select}` : own.select, params };
}
