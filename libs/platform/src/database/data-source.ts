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

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
