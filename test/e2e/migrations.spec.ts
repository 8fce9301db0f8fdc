import { createDataSource, runMigrations, withDatabase } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import pg from 'pg';

/** One schema per context (docs/conventions.md): the libs that own tables, by the schema each owns. */
const CONTEXT_SCHEMAS = ['access', 'audit', 'blacklist', 'changes', 'credit', 'enterprises', 'grading', 'measures', 'platform', 'statistics'];

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
        // Every context's schema exists and holds its relations; nothing lands outside them but TypeORM's own ledger.
        const relations: { schema: string; name: string }[] = await ds.query(
          `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'v', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
        );
        const bySchema = new Map<string, string[]>();
        for (const r of relations) bySchema.set(r.schema, [...(bySchema.get(r.schema) ?? []), r.name]);
        for (const schema of CONTEXT_SCHEMAS) expect({ schema, relations: (bySchema.get(schema) ?? []).length > 0 }).toEqual({ schema, relations: true });
        const outside = relations.filter((r) => !CONTEXT_SCHEMAS.includes(r.schema) && !(r.schema === 'public' && r.name === 'migrations'));
        expect(outside).toEqual([]);
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
