import { DataSource } from 'typeorm';

export type MigrationClass = new () => unknown;

/** One DataSource definition shared by the API, the CLI and the tests. Migrations only; never synchronize. */
export function createDataSource(url: string, migrations: MigrationClass[], poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: migrations as never,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    extra: { max: poolSize, options: '-c timezone=UTC' },
    // Off: failed queries would log their parameters (password hashes, personal data). Errors surface as problems.
    logging: false,
  });
}

/**
 * Applies pending migrations. Instances starting together (a cluster on several hosts, compose's `scale`
 * profile) take turns on a session advisory lock, held on a connection of its own while the migrations run on
 * another: the first applies them, the others then find nothing to apply. Needs a pool of at least 2.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('qcr.migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('qcr.migrations'))`).catch(() => undefined);
    await lock.release();
  }
}
