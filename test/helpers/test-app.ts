import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertTestDatabase, configureHttp, createDataSource, createFastifyAdapter, loadAppConfig, runMigrations } from '#qcr/platform';
import { registryMigrations, RegistryModule, seedDemo } from '#qcr/registry';
import { AgenciesService } from '#qcr/access';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Role } from '#qcr/access';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the live Fastify server */
  http: () => TestAgent;
  /** a supertest agent logged in as the demo user for the role */
  as: (role: Role) => Promise<TestAgent>;
  /** a supertest agent presenting the demo partner key */
  partner: () => TestAgent;
  demoApiKey: string;
  close: () => Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.QCR_TEST_DATABASE_URL;
  if (!url) throw new Error('QCR_TEST_DATABASE_URL is not set: run tests through `npm test` (jest global setup)');
  assertTestDatabase(url);
  return url;
}

const migrated = new Set<string>();

/** Brings a test database (default: the run's) up to date once per test process; an advisory lock serialises parallel workers. */
export async function migrateTestDatabase(url = testDatabaseUrl()): Promise<void> {
  if (migrated.has(url)) return;
  assertTestDatabase(url);
  const ds = await createDataSource(url, registryMigrations, 1).initialize();
  try {
    await ds.query('SELECT pg_advisory_lock(42)');
    await runMigrations(ds);
    await ds.query('SELECT pg_advisory_unlock(42)');
  } finally {
    await ds.destroy();
  }
  migrated.add(url);
}

/**
 * The real app module on the run's test database (or `databaseUrl`, a test database of the suite's
 * own, for suites whose data would disturb the others), seeded with the demo users and partner.
 */
export async function createTestApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const url = databaseUrl ?? testDatabaseUrl();
  await migrateTestDatabase(url);
  const demoApiKey = `qcr_TESTTEST_${'k'.repeat(8)}${(process.env.QCR_TEST_DEMO_PASSWORD ?? '').padEnd(32, 'x')}`;
  const config = loadAppConfig({
    LOG_LEVEL: 'silent',
    QCR_RATE_LIMIT_PER_MINUTE: '1000000',
    QCR_JWT_SECRET: 'test-secret-'.padEnd(48, 'x'),
    // scheduled jobs only where a test asks for them (test/e2e/scheduled-jobs.spec.ts): deterministic runs elsewhere
    QCR_JOBS_ENABLED: 'false',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RegistryModule.forRoot(config, url), createFastifyAdapter(config), {
    logger: false,
  });
  await configureHttp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  await seedDemo(app, { password, apiKey: demoApiKey, generated: false });
  // A key's agency lookup is cached; make sure the seed's key is visible at once.
  await app.get(AgenciesService).authenticateKey(demoApiKey);

  const server = app.getHttpServer();
  const http = () => request.agent(server);
  const tokens = new Map<Role, string>();
  const as = async (role: Role) => {
    if (!tokens.has(role)) {
      const res = await request(server).post('/api/v1/auth/login').send({ username: role, password });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${res.text}`);
      tokens.set(role, res.body.accessToken);
    }
    return request.agent(server).set('Authorization', `Bearer ${tokens.get(role)}`);
  };
  const partner = () => request.agent(server).set('X-API-Key', demoApiKey);
  return { app, http, as, partner, demoApiKey, close: () => app.close() };
}
