import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, configureHttp, createDataSource, createFastifyAdapter, type DatabaseRuntime, loadAppConfig, openDatabase, runMigrations } from '#qcr/platform';
import { demoSecrets, prepareKeyedData, registryMigrations, RegistryModule, seedDemo } from '#qcr/registry';
import { drainOnSignals } from './shutdown.js';
import { startTracingIfConfigured } from './tracing.js';

const startUpFailed = (err: unknown) => `Quality Credit Registry could not start: ${err instanceof Error ? err.message : String(err)}`;

/** npm start: database (embedded unless DATABASE_URL) → migrations → demo seed → HTTP. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
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

    const app = await NestFactory.create<NestFastifyApplication>(RegistryModule.forRoot(config, database.url), createFastifyAdapter(config), {
      logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
    });
    await configureHttp(app, config);
    await app.init(); // the audit chain's key check runs here (AuditChain.onModuleInit)
    await prepareKeyedData(app); // re-seal personal data under the current key (docs/enterprises.md)

    const secrets = demoSecrets(config);
    if (config.QCR_SEED_DEMO) await seedDemo(app, secrets);

    await app.listen(config.PORT, config.HOST);
    process.removeListener('SIGINT', stopStarting);
    process.removeListener('SIGTERM', stopStarting);
    stop = drainOnSignals(app, database, config.QCR_SHUTDOWN_GRACE_MS);
    const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
    const lines = [
      '',
      `企业质量信用登记平台 Quality Credit Registry is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  Portal     ${url}/   (public lookup; #/check supplier check, #/console regulators, #/stats statistics)`,
      `  API        ${url}/api/v1`,
      `  API docs   ${url}/docs   (OpenAPI JSON: ${url}/docs-json)`,
      `  Health     ${url}/health/ready`,
      `  Database   ${database.embedded ? `embedded PostgreSQL, data in ${config.QCR_DATA_DIR}` : 'DATABASE_URL'}; migrations applied now: ${applied.length}`,
    ];
    if (config.QCR_SEED_DEMO) {
      lines.push(
        `  Demo users registrar, grader, officer, reviewer, reviewer2, auditor, admin — password: ${secrets.password}`,
        `  Demo partner key (X-API-Key): ${secrets.apiKey}`,
      );
    }
    console.log(lines.join('\n') + '\n');
  } catch (err) {
    console.error(startUpFailed(err));
    await database?.stop().catch(() => undefined); // never leave the embedded server behind a failed start
    process.exit(1);
  }
}

void main();
