/**
 * Typed SQL over TypeORM's connection (issue 23, docs/conventions.md § Typed SQL). TypeORM's `query()` answers
 * `any`; these wrappers are the one place that `any` becomes a declared row type, so every repository method
 * returns a named row and type-aware lint (no-unsafe-*) holds everywhere else.
 *
 * The row type and the SQL are tied together by `selectList`: the select list is written *from* the row type,
 * one expression per field, aliased to the field's name. A field the SQL does not produce, or an alias with a
 * typo, is a type error rather than an `undefined` at run time.
 */
/** What the wrappers need of TypeORM's DataSource, EntityManager or QueryRunner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One SQL expression per field of Row (every field, no other): `{ enterpriseId: 'g.enterprise_id' }`. */
export type SelectSpec<Row> = { readonly [K in keyof Row]-?: string };

/** `expr AS "field", …` for a row type; quoted aliases keep the camelCase field names as written. */
export function selectList<Row>(spec: SelectSpec<Row>): string {
  return Object.entries(spec as Record<string, string>)
    .map(([field, expr]) => (expr === `"${field}"` ? expr : `${expr} AS "${field}"`))
    .join(', ');
}

/** Rows of a SELECT (or of an INSERT … RETURNING, which TypeORM also answers as plain rows). */
export async function queryRows<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const rows = await db.query(sql, [...params]);
  return rows as Row[];
}

/** The first row, or null. */
export async function queryOne<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<Row | null> {
  const [row] = await queryRows<Row>(db, sql, params);
  return row ?? null;
}

/**
 * UPDATE/DELETE … RETURNING: TypeORM's postgres driver answers `[rows, affectedCount]` for those (see
 * docs/conventions.md), unlike SELECT and INSERT; this names both halves.
 */
export async function queryChanged<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<{ rows: Row[]; count: number }> {
  const result = await db.query(sql, [...params]);
  const [rows, count] = result as [Row[], number];
  return { rows, count };
}

/** A statement that always answers one row (INSERT … RETURNING, an aggregate): that row; none is a bug, thrown as such. */
export async function querySingle<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<Row> {
  const row = await queryOne<Row>(db, sql, params);
  if (row === null) throw new Error(`expected one row, got none: ${sql.slice(0, 80)}`);
  return row;
}
