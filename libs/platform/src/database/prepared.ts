import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { replicasOf } from './read-replicas.js';

/**
 * A named statement on TypeORM's own pg pool: parsed and planned once per connection, then each
 * call is one Bind/Execute round trip. `DataSource.query` cannot name a statement, and its query
 * runner adds a pool checkout and bookkeeping per call; the hot reads (checks) use this instead.
 * Same pool, same connections: no second pool to size or drain.
 */
export class PreparedStatement<Row extends object> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** On a read replica in rotation when DATABASE_READ_URLS is set (the check path), else on the primary. */
  async rows(db: DataSource, values: unknown[]): Promise<Row[]> {
    const query = { name: this.name, text: this.text, values };
    const replicas = replicasOf(db);
    const result = replicas ? await replicas.read<Row & pg.QueryResultRow>(query) : await poolOf(db).query<Row & pg.QueryResultRow>(query);
    return result.rows;
  }
}

/** TypeORM's own pg pool (the request pool), for the few places that talk to pg directly. */
export function poolOf(db: DataSource): pg.Pool {
  const pool = (db.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) throw new Error('DataSource is not initialised (no pg pool)');
  return pool;
}
