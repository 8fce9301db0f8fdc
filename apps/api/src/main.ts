import 'reflect-metadata';
import cluster from 'node:cluster';
import { type AppConfig, createDataSource, type DatabaseRuntime, loadAppConfig, openDatabase, runMigrations } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import { bootApi, readyBanner } from './boot.js';
import { runPrimary, runWorker } from './cluster.js';
import { drainOnSignals } from './shutdown.js';
import { startTracingIfConfigured } from './tracing.js';

const startUpFailed = (err: unknown) => `Quality Credit Registry could not start: ${err instanceof Error ? err.message : String(err)}`;

/** npm start: database (embedded unless DATABASE_URL) → migrations → demo seed → HTTP; QCR_WORKERS > 1: cluster.ts. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (cluster.isWorker) return runWorker(config);
  const started = Date.now();
  // Before the database driver is loaded, so its queries are traced; nothing is loaded when tracing is off.
  const stopTracing = await startTracingIfConfigured().catch((err: unknown) => {
    console.error(`tracing not started: ${(err as Error).message}`);
    return null;
  });
  if (stopTracing) process.once('beforeExit', () => void stopTracing());
  const log = config.LOG_LEVEL === 'silent' ? () => {} : (line: string) => console.error(`[database] ${line}`);
  let stop: ((signal: string, code?: number) => Promise<void>) | undefined;
  let database: DatabaseRuntime | undefined;
  // A signal during start-up (migrations, seed): stop the embedded server, don't leave it running. Replaced by the
  // drain once the API listens.
  const stopStarting = (signal: NodeJS.Signals) => {
    console.error(`${signal} during start-up: stopping`);
    void (database?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.once('SIGINT', stopStarting);
  process.once('SIGTERM', stopStarting);
  try {
    // Crash-only: whatever a killed predecessor left (a running server, a stale lock) is dealt with here (issue 25).
    database = await openDatabase(config, { log, supervise: true, onGiveUp: () => void stop?.('embedded PostgreSQL down', 1) });
  } catch (err) {
    console.error(startUpFailed(err));
    process.exit(1);
  }
  try {
    const migrator = await createDataSource(database.url, registryMigrations, 2).initialize();
    const applied = await runMigrations(migrator);
    await migrator.destroy();
    const databaseLine = `${database.embedded ? `embedded PostgreSQL, data in ${config.QCR_DATA_DIR}` : 'DATABASE_URL'}; migrations applied now: ${applied.length}`;

    if (config.QCR_WORKERS > 1) {
      process.removeListener('SIGINT', stopStarting);
      process.removeListener('SIGTERM', stopStarting);
      stop = await runPrimary(config, database, (demo) => readyBanner(config, (Date.now() - started) / 1000, databaseLine, demo, config.QCR_WORKERS));
      return;
    }
    const { app, demo } = await bootApi(config, database.url, database, true);
    process.removeListener('SIGINT', stopStarting);
    process.removeListener('SIGTERM', stopStarting);
    stop = drainOnSignals(app, database, config.QCR_SHUTDOWN_GRACE_MS);
    console.log(readyBanner(config, (Date.now() - started) / 1000, databaseLine, demo));
  } catch (err) {
    console.error(startUpFailed(err));
    await database?.stop().catch(() => undefined); // never leave the embedded server behind a failed start
    process.exit(1);
  }
}

void main();
