import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, withDatabase } from '#qcr/platform';
import { agencyWritesAfterCrash, verifyAuditChain } from './crash-checks.js';

/**
 * Crash consistency: the built API (dist/, as production runs it) on its own test database, a
 * write load of agency registrations, kill -9 mid-load, restart. Every 2xx-acknowledged write is
 * there, no agency exists without its audit entry (or the reverse), and the audit chain verifies.
 * Needs `npm run build` first (CI builds before testing).
 */
const MAIN = resolve('dist/apps/api/src/main.js');
const password = randomBytes(9).toString('hex');
const apiKey = `qcr_CRASHTST_${randomBytes(20).toString('hex')}`;

describe('crash consistency: kill -9 the API mid-load', () => {
  const serverUrl = process.env.QCR_TEST_SERVER_URL!;
  const dbName = `${process.env.QCR_TEST_DATABASE_NAME}_crash`;
  const url = withDatabase(serverUrl, dbName);
  let child: ChildProcess | undefined;
  let port: number;

  async function start(): Promise<string> {
    port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        QCR_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'qcr-crash-')), 'pg'),
        QCR_SEED_DEMO: 'true',
        QCR_DEMO_PASSWORD: password,
        QCR_DEMO_API_KEY: apiKey,
        QCR_JWT_SECRET: 'crash-test-secret-'.padEnd(48, 'x'),
        QCR_PII_KEY: process.env.QCR_TEST_PII_KEY, // required with DATABASE_URL (issue 13)
        QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY,
        QCR_RATE_LIMIT_PER_MINUTE: '1000000',
        QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
      if (
        await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return base;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('API not ready in 60 s');
  }

  async function login(base: string): Promise<string> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('keeps every acknowledged write, no half-written change, and a verifiable audit chain', async () => {
    let base = await start();
    const token = await login(base);
    const run = randomBytes(3).toString('hex');
    const acknowledged: string[] = [];
    let attempted = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const code = `crash-${run}-${w}-${i}`;
        attempted++;
        try {
          const res = await fetch(`${base}/api/v1/admin/agencies`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ code, name: `崩溃测试机构${i}`, department: '测试局', purposes: ['financing'] }),
          });
          if (res.status === 201) acknowledged.push(code);
          else if (res.status < 500) throw new Error(`unexpected ${res.status} ${await res.text()}`);
        } catch (err) {
          if (!stop && (err as Error).message !== 'fetch failed') throw err; // connection reset by the kill
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    child!.kill('SIGKILL'); // mid-load: requests are in flight
    const exited = new Promise((r) => child!.once('exit', r));
    await Promise.all(writers);
    stop = true;
    await exited;
    expect(attempted).toBeGreaterThan(acknowledged.length); // some were in flight when it died

    base = await start();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const writes = await agencyWritesAfterCrash(db, `crash-${run}-%`, acknowledged);
      expect(writes.lost).toEqual([]); // nothing acknowledged is lost
      expect(writes.orphans).toEqual([]); // no row without its audit entry, no entry without its row
    } finally {
      await db.end();
    }
    const verify = await verifyAuditChain(base, password);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
    child!.kill('SIGTERM');
  }, 120_000);
});
