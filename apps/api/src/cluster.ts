import cluster, { type Worker } from 'node:cluster';
import type { AppConfig, DatabaseRuntime } from '#qcr/platform';
import { bootApi, type BootedApi } from './boot.js';
import { drainOnSignals } from './shutdown.js';

/**
 * QCR_WORKERS > 1 (issue 22): N stateless API processes on one port (node:cluster), one database.
 *  - The primary owns what exists once: the embedded PostgreSQL (started, supervised, stopped by it), the
 *    migrations, and the workers. It serves no requests.
 *  - The first worker prepares the data (re-sealing under the current key, the demo seed) before the others
 *    start; every worker then serves the same routes from the same database. What must agree across workers
 *    lives there: rate-limit counts (QCR_RATE_LIMIT_STORE=postgres, the default with workers), session and key
 *    revocations (LISTEN/NOTIFY), scheduled jobs (claimed once per slot, grading.job_runs).
 *  - A worker that dies is forked again (backoff 1 s doubling to 30 s); the others keep answering.
 *  - SIGINT/SIGTERM: each worker drains as a single API does (shutdown.ts), then the primary stops PostgreSQL
 *    and exits 0. A worker whose primary is gone (kill -9) drains and exits: nothing outlives the primary.
 * Connections are accepted by the workers themselves (SCHED_NONE), not handed over by the primary, which
 * would cost the primary a core's worth of work on a small machine.
 */
const ENV_URL = 'QCR_CLUSTER_DATABASE_URL';
const ENV_PREPARE = 'QCR_CLUSTER_PREPARE';
const ENV_EMBEDDED = 'QCR_CLUSTER_EMBEDDED';

type ToWorker = { type: 'database-restarts'; restarts: number };
type FromWorker = { type: 'ready'; demo: BootedApi['demo'] };

const isReady = (m: unknown): m is FromWorker => typeof m === 'object' && m !== null && (m as FromWorker).type === 'ready';

export async function runPrimary(config: AppConfig, database: DatabaseRuntime, banner: (demo: BootedApi['demo']) => string) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let backoff = 1_000;
  const fork = (prepare: boolean): Promise<Worker> => {
    const worker = cluster.fork({ [ENV_URL]: database.url, [ENV_PREPARE]: prepare ? '1' : '0', [ENV_EMBEDDED]: database.embedded ? '1' : '0' });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`worker ${worker.process.pid} exited during start-up (${code ?? signal})`));
      worker.once('exit', onExit);
      worker.on('message', (m: unknown) => {
        if (!isReady(m)) return;
        worker.off('exit', onExit);
        (worker as Worker & { demo?: BootedApi['demo'] }).demo = m.demo;
        resolve(worker);
      });
    });
  };

  const stop = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.error(`${reason}: stopping ${Object.keys(cluster.workers ?? {}).length} workers (grace ${config.QCR_SHUTDOWN_GRACE_MS} ms)…`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    // A worker still starting has no handler yet and ends by the signal itself: it had nothing in flight, a clean stop.
    const exits = workers.map(
      (w) =>
        new Promise<number>((r) =>
          w.isDead() ? r(w.process.exitCode ?? 0) : w.once('exit', (c: number | null, sig: string | null) => r(c ?? (sig === 'SIGTERM' ? 0 : 1))),
        ),
    );
    for (const w of workers) w.process.kill('SIGTERM');
    const deadline = setTimeout(() => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL')), config.QCR_SHUTDOWN_GRACE_MS);
    const codes = await Promise.all(exits);
    clearTimeout(deadline);
    try {
      await database.stop();
    } catch (err) {
      console.error(`${reason}: stopping the embedded PostgreSQL failed: ${(err as Error).message}`);
      code = 1;
    }
    process.exit(code || (codes.some((c) => c !== 0) ? 1 : 0));
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let first: Worker;
  try {
    first = await fork(true); // prepares the data alone, before anyone serves it
    await Promise.all(Array.from({ length: config.QCR_WORKERS - 1 }, () => fork(false)));
  } catch (err) {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    throw err;
  }
  console.log(banner((first as Worker & { demo?: BootedApi['demo'] }).demo ?? null));

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${code ?? signal}); forking another in ${backoff} ms`);
    const wait = backoff;
    backoff = Math.min(backoff * 2, 30_000);
    setTimeout(() => {
      if (stopping) return;
      fork(false).then(
        (w) => {
          console.error(`worker ${w.process.pid} ready (replacing ${worker.process.pid})`);
          setTimeout(() => (backoff = 1_000), 60_000).unref();
        },
        (err: Error) => console.error(err.message),
      );
    }, wait).unref();
  });
  let restarts = database.restarts;
  setInterval(() => {
    if (database.restarts === restarts) return;
    restarts = database.restarts;
    const msg: ToWorker = { type: 'database-restarts', restarts };
    for (const w of Object.values(cluster.workers ?? {})) w?.send(msg);
  }, 1_000).unref();
  return stop;
}

/** A cluster worker: the database is the primary's; it neither starts, migrates nor stops it. */
export async function runWorker(config: AppConfig): Promise<void> {
  const url = process.env[ENV_URL];
  if (!url) throw new Error(`${ENV_URL} is not set: a cluster worker is started by the primary (QCR_WORKERS)`);
  const server = { embedded: process.env[ENV_EMBEDDED] === '1', restarts: 0 };
  process.on('message', (m: ToWorker) => {
    if (m?.type === 'database-restarts') server.restarts = m.restarts;
  });
  try {
    const { app, demo } = await bootApi(config, url, server, process.env[ENV_PREPARE] === '1');
    const database: DatabaseRuntime = { url, embedded: server.embedded, restarts: 0, stop: async () => {} };
    const stop = drainOnSignals(app, database, config.QCR_SHUTDOWN_GRACE_MS);
    process.on('disconnect', () => void stop('primary gone')); // the primary was killed: don't outlive it
    process.send?.({ type: 'ready', demo } satisfies FromWorker);
  } catch (err) {
    console.error(`Quality Credit Registry worker ${process.pid} could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
