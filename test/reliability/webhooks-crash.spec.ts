import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { randomUscc } from '#qcr/identifiers';
import { freePort, withDatabase } from '#qcr/platform';

/**
 * Webhook deliveries survive kill -9 (issue 20): the built API on its own database, 20 watched enterprises registered
 * while the receiver hangs (deliveries in flight), kill -9, restart with a healthy receiver: every event arrives at
 * least once and every delivery ends delivered. Needs `npm run build` first.
 */
const MAIN = resolve('dist/apps/api/src/main.js');
const password = randomBytes(9).toString('hex');
const apiKey = `qcr_HOOKCRSH_${randomBytes(20).toString('hex')}`;
const COUNT = 20;

describe('webhooks: kill -9 during delivery', () => {
  const serverUrl = process.env.QCR_TEST_SERVER_URL!;
  const dbName = `${process.env.QCR_TEST_DATABASE_NAME}_hookcrash`;
  const url = withDatabase(serverUrl, dbName);
  let child: ChildProcess | undefined;
  let hanging = true;
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (hanging) return; // never answers: the delivery is in flight when the API dies
      received.push(String(req.headers['qcr-event-id']));
      res.end('ok');
    });
  });

  async function start(): Promise<string> {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        QCR_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'qcr-hookcrash-')), 'pg'),
        QCR_SEED_DEMO: 'true',
        QCR_DEMO_PASSWORD: password,
        QCR_DEMO_API_KEY: apiKey,
        QCR_JWT_SECRET: 'hook-crash-secret-'.padEnd(48, 'x'),
        QCR_PII_KEY: process.env.QCR_TEST_PII_KEY,
        QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY,
        QCR_RATE_LIMIT_PER_MINUTE: '1000000',
        QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
        LOG_LEVEL: 'silent',
        QCR_WEBHOOKS_ENABLED: 'true',
        QCR_WEBHOOKS_ALLOW_PRIVATE: 'true',
        QCR_WEBHOOK_EXPIRE_SECONDS: '6',
        QCR_WEBHOOK_RETRY_DELAY_SECONDS: '1',
        QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS: '2',
        QCR_WEBHOOK_RETRY_LIMIT: '30',
      },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    for (const until = Date.now() + 90_000; Date.now() < until;) {
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
    throw new Error('API not ready in 90 s');
  }

  const json = (method: string, body: unknown, headers: Record<string, string>) => ({
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    receiver.closeAllConnections();
    receiver.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('delivers every event at least once after a restart, none lost', async () => {
    let base = await start();
    const partner = { 'X-API-Key': apiKey };
    for (let i = 0; i < 30 && (await fetch(`${base}/api/v1/watchlists`, { headers: partner })).status === 401; i++)
      await new Promise((r) => setTimeout(r, 500));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    expect((await fetch(`${base}/api/v1/webhooks`, json('POST', { url: hookUrl }, partner))).status).toBe(201);
    const codes = Array.from({ length: COUNT }, () => randomUscc(Math.random, { division: '350200' }));
    expect((await fetch(`${base}/api/v1/watchlists/crash`, json('PUT', { purpose: 'government_procurement', codes }, partner))).status).toBe(200);
    const login = await fetch(`${base}/api/v1/auth/login`, json('POST', { username: 'registrar', password }, {}));
    const registrar = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    for (const code of codes) {
      const res = await fetch(
        `${base}/api/v1/enterprises`,
        json('POST', { code, name: `回调崩溃测试${code.slice(-6)}有限公司`, industryCode: 'C' }, registrar),
      );
      expect(res.status).toBe(201);
    }
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // deliveries in flight: the worker has jobs active against the hanging receiver
      for (const until = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 100))) {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM qcr_jobs.job WHERE name = 'webhook-delivery' AND state = 'active'`);
        if ((rows[0]?.n ?? 0) > 0) break;
        if (Date.now() > until) throw new Error('no delivery became active');
      }
      child!.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      const events = (
        await db.query<{ cursor: string }>(`SELECT cursor::text FROM changes.events e JOIN changes.deliveries d ON d.event_cursor = e.cursor`)
      ).rows.map((r) => r.cursor);
      expect(events).toHaveLength(COUNT);

      hanging = false;
      base = await start();
      for (const until = Date.now() + 90_000; new Set(received).size < COUNT; await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > until) throw new Error(`only ${new Set(received).size} of ${COUNT} events arrived`);
      }
      expect([...new Set(received)].sort()).toEqual([...events].sort());
      for (const until = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 200))) {
        const states = (await db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM changes.deliveries GROUP BY state`)).rows;
        if (states.length === 1 && states[0]?.state === 'delivered') break;
        if (Date.now() > until) throw new Error(`deliveries not all delivered: ${JSON.stringify(states)}`);
      }
    } finally {
      await db.end();
    }
  }, 240_000);
});
