import { createDataSource, runMigrations, withDatabase } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import pg from 'pg';

describe('migrations', () => {
  it('apply from an empty database, each context in its own schema, and re-running applies nothing', async () => {
    const name = `qcr_test_migrations_${Date.now()}`;
    const server = process.env.QCR_TEST_SERVER_URL!;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const ds = await createDataSource(withDatabase(server, name), registryMigrations, 2).initialize();
      try {
        const applied = await runMigrations(ds);
        expect(applied).toHaveLength(registryMigrations.length);
        const schemas = (await ds.query(`SELECT nspname FROM pg_namespace`)).map((r: { nspname: string }) => r.nspname);
        expect(schemas).toEqual(expect.arrayContaining(['access', 'audit']));
        expect(await runMigrations(ds)).toEqual([]);
      } finally {
        await ds.destroy();
      }
    } finally {
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
