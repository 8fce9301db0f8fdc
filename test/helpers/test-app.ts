import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertTestDatabase, configureHttp, createDataSource, createFastifyAdapter, loadAppConfig, runMigrations } from '#qcr/platform';
import { prepareKeyedData, registryMigrations, RegistryModule, seedDemo } from '#qcr/registry';
import { AgenciesService } from '#qcr/access';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Role } from '#qcr/access';
import { bodyOf, type Schema } from './body.js';
import { ContractCheck, installContractCheck, type OpenApiDocument } from './contract.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the live Fastify server */
  http: () => TestAgent;
  /** a supertest agent logged in as the demo user for the role */
  as: (role: Role) => Promise<TestAgent>;
  /** a supertest agent logged in as a user by name (the demo's second reviewer `reviewer2`, or one a test created) */
  asUser: (username: string, password?: string) => Promise<TestAgent>;
  /** a supertest agent presenting the demo partner key */
  partner: () => TestAgent;
  demoApiKey: string;
  /** the responses so far that broke the committed OpenAPI document; close() fails the suite on any */
  contract: ContractCheck;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** the document responses are checked against (default: the committed openapi.json) */
  contract?: OpenApiDocument;
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
  const ds = await createDataSource(url, registryMigrations, 2).initialize();
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
export async function createTestApp(env: Record<string, string> = {}, databaseUrl?: string, options: TestAppOptions = {}): Promise<TestApp> {
  const url = databaseUrl ?? testDatabaseUrl();
  await migrateTestDatabase(url);
  const demoApiKey = `qcr_TESTTEST_${'k'.repeat(8)}${(process.env.QCR_TEST_DEMO_PASSWORD ?? '').padEnd(32, 'x')}`;
  const config = loadAppConfig({
    LOG_LEVEL: 'silent',
    QCR_RATE_LIMIT_PER_MINUTE: '1000000',
    QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
    // Every test file logs in from 127.0.0.1 against one database: the address lockout and the
    // backoff are tested on their own (test/e2e/login-throttle.spec.ts).
    QCR_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    QCR_LOGIN_BACKOFF_BASE_MS: '0',
    QCR_JWT_SECRET: 'test-secret-'.padEnd(48, 'x'),
    // One run shares one database, so every app of the run uses the run's keys (test/setup/global-setup.ts).
    QCR_PII_KEY: process.env.QCR_TEST_PII_KEY!,
    QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY!,
    // scheduled jobs only where a test asks for them (test/e2e/scheduled-jobs.spec.ts): deterministic runs elsewhere
    QCR_JOBS_ENABLED: 'false',
    // the webhook worker (pg-boss) only where a test asks for it (test/e2e/webhooks.spec.ts); receivers are on loopback
    QCR_WEBHOOKS_ENABLED: 'false',
    QCR_WEBHOOKS_ALLOW_PRIVATE: 'true',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RegistryModule.forRoot(config, url), createFastifyAdapter(config), {
    logger: false,
  });
  await configureHttp(app, config);
  const contract = new ContractCheck(options.contract);
  installContractCheck(app.getHttpAdapter().getInstance(), contract);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await prepareKeyedData(app);
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  await seedDemo(app, { password, apiKey: demoApiKey, generated: false });
  // A key's agency lookup is cached; make sure the seed's key is visible at once.
  await app.get(AgenciesService).authenticateKey(demoApiKey);

  const server = app.getHttpServer();
  const http = () => request.agent(server);
  const tokens = new Map<string, string>();
  const asUser = async (username: string, secret = password) => {
    if (!tokens.has(username)) {
      const res = await request(server).post('/api/v1/auth/login').send({ username, password: secret });
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
      tokens.set(username, bodyOf<Schema<'TokenDto'>>(res).accessToken);
    }
    return request.agent(server).set('Authorization', `Bearer ${tokens.get(username)}`);
  };
  const as = (role: Role) => asUser(role);
  const partner = () => request.agent(server).set('X-API-Key', demoApiKey);
  const close = async () => {
    await app.close();
    // Drift between code and contract fails the suite that saw it (issue 19); the list names each response.
    if (contract.violations.length) throw new Error(`responses outside openapi.json:\n${[...new Set(contract.violations)].join('\n')}`);
  };
  return { app, http, as, asUser, partner, demoApiKey, contract, close };
}

/**
 * A staff user holding the given roles, created through the admin API (so: created by the demo admin, now), and an
 * agent logged in as them. Four-eyes tests use one person holding both sides (the demo admin holds no business role).
 */
export async function userWithRoles(t: TestApp, roles: Role[], prefix = 'u'): Promise<{ id: string; username: string; agent: TestAgent }> {
  const username = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  const password = `pw-${username}-long-enough`;
  const res = await (await t.as('admin')).post('/api/v1/admin/users').send({ username, displayName: username, password, roles });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${res.text}`);
  return { id: bodyOf<{ id: string }>(res).id, username, agent: await t.asUser(username, password) };
}
