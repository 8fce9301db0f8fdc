import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, configureHttp, createFastifyAdapter } from '#qcr/platform';
import { type DatabaseServerStatus, demoSecrets, prepareKeyedData, RegistryModule, seedDemo } from '#qcr/registry';

export interface BootedApi {
  app: NestFastifyApplication;
  /** The demo password and partner key, when the demo data was seeded by this process. */
  demo: { password: string; apiKey: string } | null;
}

/**
 * One API process on a migrated database: the Nest app, HTTP conventions, key checks, and — in the one
 * process that prepares the data (the only process, or the first cluster worker) — re-sealing personal data
 * under the current key and the demo seed. Then it listens.
 */
export async function bootApi(config: AppConfig, databaseUrl: string, server: DatabaseServerStatus, prepare: boolean): Promise<BootedApi> {
  const app = await NestFactory.create<NestFastifyApplication>(RegistryModule.forRoot(config, databaseUrl, server), createFastifyAdapter(config), {
    logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
  });
  await configureHttp(app, config);
  await app.init(); // the audit chain's key check runs here (AuditChain.onModuleInit)
  let demo: BootedApi['demo'] = null;
  if (prepare) {
    await prepareKeyedData(app); // re-seal personal data under the current key (docs/enterprises.md)
    if (config.QCR_SEED_DEMO) {
      const secrets = demoSecrets(config);
      await seedDemo(app, secrets);
      demo = secrets;
    }
  }
  await app.listen(config.PORT, config.HOST);
  return { app, demo };
}

/** The banner `npm start` prints once the API answers. */
export function readyBanner(config: AppConfig, seconds: number, databaseLine: string, demo: BootedApi['demo'], workers = 1): string {
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `企业质量信用登记平台 Quality Credit Registry is ready in ${seconds.toFixed(1)} s`,
    `  Portal     ${url}/   (public lookup; #/check supplier check, #/console regulators, #/stats statistics)`,
    `  API        ${url}/api/v1${workers > 1 ? `   (${workers} worker processes, QCR_WORKERS)` : ''}`,
    `  API docs   ${url}/docs   (OpenAPI JSON: ${url}/docs-json)`,
    `  Health     ${url}/health/ready`,
    `  Database   ${databaseLine}`,
  ];
  if (demo) {
    lines.push(
      `  Demo users registrar, grader, officer, reviewer, reviewer2, auditor, admin — password: ${demo.password}`,
      `  Demo partner key (X-API-Key): ${demo.apiKey}`,
    );
  }
  return lines.join('\n') + '\n';
}
