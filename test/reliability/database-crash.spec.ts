import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres, withDatabase } from '#qcr/platform';
import { agencyWritesAfterCrash, verifyAuditChain } from './crash-checks.js';

/**
 * Crash consistency, the other half: kill -9 the PostgreSQL server (postmaster and every backend) under a load of
 * writes and checks, then start it again on the same data directory (crash recovery). The API — the built one, as
 * production runs it, with the embedded server's production settings — keeps running throughout:
 *  - while the database is gone it answers 503 problem+json with Retry-After, never a 500 and never a dropped socket;
 *  - it serves again once the database is back, without a restart;
 *  - every write it acknowledged (2xx) is present, with its audit entry, and the audit chain verifies;
 *  - every check it answered (2xx) has its check-log row, written by the log's retry once the server is back.
 * Needs `npm run build` first (npm test does it).
 */
const MAIN = resolve('dist/apps/api/src/main.js');
const password = randomBytes(9).toString('hex');
const apiKey = `qcr_DBCRASH1_${randomBytes(20).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster (first line of postmaster.pid) and its children: what a crash of the server takes down. */
function killServer(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${pid}/stat`, 'utf8')
              .replace(/^.*\) /s, '')
              .split(' ')[1],
          ) === postmaster
        );
      } catch {
        return false; // exited meanwhile
      }
    });
  const pids = [postmaster, ...children];
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids;
}

describe('crash consistency: kill -9 the database server mid-load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qcr-dbcrash-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  const dataDir = join(dir, 'pg');
  let server: EmbeddedDatabase | undefined;
  let port: number;
  let url: string;
  let api: ChildProcess | undefined;
  let base: string;
  let stderr = '';

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port });
    await server.createDatabase('qcr');
    url = withDatabase(server.serverUrl, 'qcr');
    const apiPort = await freePort();
    api = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(apiPort),
        DATABASE_URL: url,
        QCR_DATA_DIR: join(dir, 'api', 'pg'),
        QCR_SEED_DEMO: 'true',
        QCR_DEMO_PASSWORD: password,
        QCR_DEMO_API_KEY: apiKey,
        QCR_JWT_SECRET: 'db-crash-test-secret-'.padEnd(48, 'x'),
        QCR_PII_KEY: process.env.QCR_TEST_PII_KEY, // required with DATABASE_URL (issue 13)
        QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY,
        QCR_RATE_LIMIT_PER_MINUTE: '1000000',
        QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
        LOG_LEVEL: 'error', // kept for the failure message
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    stderr = '';
    api.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000_000)));
    base = `http://127.0.0.1:${apiPort}`;
    for (const until = Date.now() + 90_000; ;) {
      if (api.exitCode !== null) throw new Error(`API exited with ${api.exitCode}: ${stderr}`);
      if (
        await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > until) throw new Error('API not ready in 90 s');
      await sleep(200);
    }
  }, 120_000);

  afterAll(async () => {
    if (api && api.exitCode === null) api.kill('SIGKILL');
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers 503 while the database is down, recovers without a restart, and loses nothing it acknowledged', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const codes: string[] = (
      await db.query<{ code: string }>(`SELECT coalesce(uscc, org_code) AS code FROM enterprises.enterprises ORDER BY id LIMIT 50`)
    ).rows.map((r) => r.code);
    await db.end();
    expect(codes.length).toBeGreaterThan(10);

    const run = randomBytes(3).toString('hex');
    const acknowledged: string[] = [];
    const receipts: string[] = [];
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    const okIn = { before: 0, down: 0, after: 0 };
    let stop = false;
    const note = async (res: Response, ok: number) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === ok) {
        okIn[phase]++;
        return true;
      }
      const type = res.headers.get('content-type') ?? '';
      const text = await res.text();
      if (res.status !== 503 || !type.startsWith('application/problem+json') || !res.headers.get('retry-after')) {
        unexpected.push(`${res.status} ${type} ${text.slice(0, 200)}`);
      }
      return false;
    };
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const code = `dbcrash-${run}-${w}-${i}`;
        const res = await fetch(`${base}/api/v1/admin/agencies`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ code, name: `数据库崩溃测试机构${i}`, department: '测试局', purposes: ['financing'] }),
        });
        if (await note(res, 201)) acknowledged.push(code);
        if (phase === 'down') await sleep(20);
      }
    };
    const checker = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${base}/api/v1/checks/${codes[(c * 7 + i) % codes.length]}?purpose=government_procurement`, {
          headers: { 'X-API-Key': apiKey },
        });
        if (res.status === 200) {
          const body = (await res.clone().json()) as { receipt: { receiptId: string } };
          receipts.push(body.receipt.receiptId);
        }
        await note(res, 200);
        if (phase === 'down') await sleep(20);
      }
    };
    const load = [...Array.from({ length: 4 }, (_, w) => writer(w)), ...Array.from({ length: 4 }, (_, c) => checker(c))];
    const failed = Promise.all(load).then(
      () => null,
      (err: Error) => err,
    ); // a dropped socket ends the load early

    while (okIn.before < 300) await sleep(20);
    const killed = killServer(dataDir);
    phase = 'down';
    await sleep(3_000);
    expect(api!.exitCode).toBeNull(); // the API outlives its database
    const ready = await fetch(`${base}/health/ready`); // readiness says when to come back, like every 503
    expect([ready.status, ready.headers.get('retry-after')]).toEqual([503, '5']);

    server = await startEmbeddedPostgres({ dataDir, port }); // crash recovery on the same data directory
    for (
      const until = Date.now() + 60_000;
      !(await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ));
    ) {
      if (Date.now() > until) throw new Error('API not ready 60 s after the database came back');
      await sleep(200);
    }
    phase = 'after';
    while (okIn.after < 200) await sleep(20);
    stop = true;
    expect(await failed).toBeNull();

    expect(killed.length).toBeGreaterThan(1); // postmaster and backends
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the outage was met…
    // …and answered as 503 problems only: no 500, no other status (the API's error log comes with a failure)
    const logOf = (u: string) => {
      const id = /"traceId":"([0-9a-f-]{8})/.exec(u)?.[1];
      const at = id ? stderr.indexOf(id) : -1;
      return at < 0 ? '' : stderr.slice(at, at + 1500);
    };
    expect(unexpected.map((u) => ({ u, log: logOf(u) }))).toEqual([]);
    expect(okIn.after).toBeGreaterThanOrEqual(200); // served again without a restart

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const writes = await agencyWritesAfterCrash(check, `dbcrash-${run}-%`, acknowledged);
      expect(writes.lost).toEqual([]); // nothing acknowledged is lost
      expect(writes.orphans).toEqual([]); // no row without its audit entry, no entry without its row
      // The check log writes in the background and retries every second after a failure.
      let missing = receipts;
      for (const until = Date.now() + 15_000; missing.length && Date.now() < until; await sleep(500)) {
        const logged = new Set(
          (await check.query<{ id: string }>(`SELECT receipt_id::text AS id FROM measures.checks WHERE receipt_id = ANY($1::uuid[])`, [missing])).rows.map(
            (r) => r.id,
          ),
        );
        missing = missing.filter((id) => !logged.has(id));
      }
      expect(missing).toEqual([]);
    } finally {
      await check.end();
    }
    const verify = await verifyAuditChain(base, password);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  }, 180_000);
});
