import pg from 'pg';
import { createDataSource, runMigrations, withDatabase } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';

/** Instances starting together (issue 22: several hosts, compose's scale profile) migrate one at a time. */
describe('migrations from three instances at once', () => {
  it('one applies them, the others wait and find nothing to apply; no error', async () => {
    const server = process.env.QCR_TEST_SERVER_URL!;
    const name = `qcr_mig_concurrent_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const sources = await Promise.all([1, 2, 3].map(() => createDataSource(withDatabase(server, name), registryMigrations, 2).initialize()));
      try {
        const applied = await Promise.all(sources.map((ds) => runMigrations(ds)));
        const counts = applied.map((a) => a.length).sort((a, b) => a - b);
        expect(counts).toEqual([0, 0, registryMigrations.length]);
      } finally {
        await Promise.all(sources.map((ds) => ds.destroy()));
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
