import 'reflect-metadata';
import { assertTestDatabase, createDataSource, runMigrations, startEmbeddedPostgres, withDatabase } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * One fresh database per test run: embedded PostgreSQL in a temp dir unless
 * DATABASE_URL names a server. Migrations run once here, from empty.
 */
export default async function globalSetup(): Promise<void> {
  const name = `qcr_test_${Date.now()}_${process.pid}`;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  } else {
    const embeddedDir = mkdtempSync(join(tmpdir(), 'qcr-test-pg-'));
    chmodSync(embeddedDir, 0o755); // initdb runs as the postgres user
    const server = await startEmbeddedPostgres({ dataDir: join(embeddedDir, 'pg'), persistent: false });
    await server.createDatabase(name);
    serverUrl = server.serverUrl;
    (globalThis as { __qcrEmbedded?: { stop(): Promise<void> } }).__qcrEmbedded = server;
  }
  const url = withDatabase(serverUrl, name);
  assertTestDatabase(url);
  const ds = await createDataSource(url, registryMigrations, 2).initialize();
  await ds.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  await runMigrations(ds);
  await ds.destroy();

  // Jest workers inherit the parent's environment, so this is how tests find the database.
  process.env.QCR_TEST_DATABASE_URL = url;
  process.env.QCR_TEST_SERVER_URL = serverUrl;
  process.env.QCR_TEST_DATABASE_NAME = name;
  process.env.QCR_TEST_DEMO_PASSWORD = randomBytes(12).toString('hex');
}
