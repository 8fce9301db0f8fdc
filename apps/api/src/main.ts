import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttp, createDataSource, createFastifyAdapter, loadAppConfig, openDatabase, runMigrations } from '#qcr/platform';
import { demoSecrets, prepareKeyedData, registryMigrations, RegistryModule, seedDemo } from '#qcr/registry';

/** npm start: database (embedded unless DATABASE_URL) → migrations → demo seed → HTTP. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const started = Date.now();
  const database = await openDatabase(config);
  const migrator = await createDataSource(database.url, registryMigrations, 2).initialize();
  const applied = await runMigrations(migrator);
  await migrator.destroy();

  const app = await NestFactory.create<NestFastifyApplication>(RegistryModule.forRoot(config, database.url), createFastifyAdapter(config), {
    logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
  });
  await configureHttp(app, config);
  try {
    await app.init(); // the audit chain's key check runs here (AuditChain.onModuleInit)
    await prepareKeyedData(app);
  } catch (err) {
    console.error((err as Error).message);
    await app.close().catch(() => {});
    await database.stop();
    process.exit(2);
  }

  const secrets = demoSecrets(config);
  if (config.QCR_SEED_DEMO) await seedDemo(app, secrets);

  await app.listen(config.PORT, config.HOST);
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping API and database…`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
