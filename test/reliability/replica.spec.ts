import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomUscc } from '#qcr/identifiers';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '#qcr/platform';
import { defined } from '../helpers/defined.js';
import { makeStandby } from '../helpers/standby.js';
import { ApiProcess, MAIN, sleep } from './lifecycle-support.js';

/**
 * DATABASE_READ_URLS for real (issue 22; docs/scale.md): a primary and a hot standby made from the embedded
 * binaries (a base backup with pg_backup_start/pg_backup_stop and a file copy, standby.signal, primary_conninfo),
 * two API processes on them. A registration on the primary is seen by the very next check, which reads from the
 * standby; the public register and the statistics read only on the standby (pg_stat_statements on both servers)
 * and answer as an API on the primary alone does; killing the standby under checks gives no 5xx (its reads go to
 * the primary).
 */
const keys = { QCR_PII_KEY: `r1:${randomBytes(32).toString('base64')}`, QCR_AUDIT_KEY: `r1:${randomBytes(32).toString('base64')}` };

describe('read replica: checks on a hot standby, never behind a decision', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qcr-replica-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  let primary: EmbeddedDatabase;
  let standby: EmbeddedDatabase | undefined;
  let standbyUrl: string;
  const apis: ApiProcess[] = [];
  /** API 1 (index 0) or API 2 (index 1), both started in beforeAll. */
  const apiAt = (i: number) => defined(apis[i], `API ${i + 1}`);
  const registered: string[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    const primaryPort = await freePort();
    primary = await startEmbeddedPostgres({ dataDir: join(dir, 'primary'), port: primaryPort });
    await primary.createDatabase('qcr');
    // pg_stat_statements on both servers (the standby copies the setting and the extension): which server ran what.
    await sql(`${primary.serverUrl}/postgres`, `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await primary.stop();
    primary = await startEmbeddedPostgres({ dataDir: join(dir, 'primary'), port: primaryPort });
    await sql(`${primary.serverUrl}/qcr`, `CREATE EXTENSION pg_stat_statements`);
    await makeStandby({
      superuserUrl: `${primary.serverUrl}/postgres`,
      primaryDir: join(dir, 'primary'),
      standbyDir: join(dir, 'standby'),
      primaryPort,
      slot: 'standby1',
    });
    standby = await startEmbeddedPostgres({ dataDir: join(dir, 'standby'), port: await freePort() });
    standbyUrl = `${standby.serverUrl}/qcr`;
    const env = { DATABASE_URL: `${primary.serverUrl}/qcr`, DATABASE_READ_URLS: standbyUrl, QCR_SEED_DEMO: 'true', ...keys };
    const first = new ApiProcess(join(dir, 'unused-1'), await freePort(), await freePort());
    await first.start(env, 150_000); // migrates and seeds
    const second = new ApiProcess(join(dir, 'unused-2'), await freePort(), await freePort());
    Object.assign(second, { password: first.password, apiKey: first.apiKey });
    await second.start({ ...env, QCR_DEMO_PASSWORD: first.password, QCR_DEMO_API_KEY: first.apiKey }, 150_000);
    apis.push(first, second);
  }, 300_000);

  afterAll(async () => {
    for (const api of apis) if (api.child && api.child.exitCode === null) await api.kill('SIGTERM');
    await standby?.stop().catch(() => undefined);
    await primary?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const check = (api: ApiProcess, code: string) =>
    fetch(`${api.base}/api/v1/checks/${code}?purpose=government_procurement`, { headers: { 'X-API-Key': api.apiKey } }).then(
      (r) => r.status,
      () => 0,
    );

  const verdict = (api: ApiProcess, code: string) =>
    fetch(`${api.base}/api/v1/checks/${code}?purpose=government_procurement`, { headers: { 'X-API-Key': api.apiKey } }).then(
      async (r) => `${r.status} ${((await r.json()) as { verdict: string }).verdict}`,
    );

  it('a registration on the primary (through API 1) is answered by the very next check (API 2, on the standby)', async () => {
    const [writer, reader] = [apiAt(0), apiAt(1)];
    const token = await writer.token('registrar');
    for (let i = 0; i < 10; i++) {
      const code = randomUscc(Math.random, { division: '350200' });
      expect(await verdict(reader, code)).toBe('200 not_registered');
      const res = await fetch(`${writer.base}/api/v1/enterprises`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ code, name: `副本测试${i}有限公司`, industryCode: 'C' }),
      });
      expect(res.status).toBe(201);
      registered.push(code);
      expect(await verdict(reader, code)).toBe('200 clear'); // the very next check, from the other instance
    }
    // …and those checks were read on the standby: its sessions ran the check statement.
    const db = new pg.Client({ connectionString: standbyUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'qcr' AND query ILIKE '%grade_on%'`);
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('the public register and the statistics read on the standby only, and answer as the primary does', async () => {
    const reader = apiAt(1);
    const token = await reader.token('reviewer'); // logging in writes on the primary: before the window
    const year = new Date().getFullYear();
    const paths = [
      ...registered.slice(0, 3).map((code) => `/api/v1/public/enterprises/${code}`),
      `/api/v1/public/enterprises?q=${encodeURIComponent('副本测试')}&limit=5`,
      `/api/v1/public/enterprises?region=350200&grade=none&limit=3`,
      `/api/v1/statistics/grades?by=region&level=prefecture`,
      `/api/v1/statistics/listings?by=industry`,
      `/api/v1/statistics/authorities`,
      `/api/v1/statistics/sampling`,
      `/api/v1/statistics/checks`,
      `/api/v1/statistics/trends?from=${year}-01&to=${year}-12`,
    ];
    const read = (api: ApiProcess, bearer: string) =>
      Promise.all(
        paths.map(async (path) => {
          const res = await fetch(`${api.base}${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
          const body = (await res.json()) as { nextCursor?: string | null };
          if (body.nextCursor) body.nextCursor = 'sealed'; // a fresh IV each time: compare whether there is one
          return { path, status: res.status, body };
        }),
      );
    await sleep(1_500); // the check log of the first test is flushed: the checks statistics stand still
    const superuser = { primary: `${primary.serverUrl}/qcr`, standby: `${standby!.serverUrl}/qcr` };
    await sql(superuser.primary, `SELECT pg_stat_statements_reset()`);
    await sql(superuser.standby, `SELECT pg_stat_statements_reset()`);
    const onReplicaPath = await read(reader, token);
    const [onPrimary, onStandby] = await Promise.all([statements(superuser.primary), statements(superuser.standby)]);

    expect(onReplicaPath.map((a) => `${a.path} ${a.status}`)).toEqual(paths.map((p) => `${p} 200`));
    // The register's own reads ran on the standby (the monitor's and the fence's probes aside)…
    const served = [...onStandby.entries()].filter(([, q]) => !/pg_last_wal_replay_lsn|pg_is_in_recovery|pg_stat_statements/.test(q));
    expect(served.some(([, q]) => q.includes('statistics.grades'))).toBe(true);
    expect(served.some(([, q]) => q.includes('statistics.authorities'))).toBe(true);
    expect(served.some(([, q]) => /FROM\s+enterprises\.enterprises/i.test(q))).toBe(true);
    // …and none of them on the primary.
    expect(served.filter(([id]) => onPrimary.has(id)).map(([, q]) => q.slice(0, 120))).toEqual([]);

    // The same requests on an API without replicas (the primary alone) give the same answers.
    const alone = new ApiProcess(join(dir, 'unused-3'), await freePort(), await freePort());
    Object.assign(alone, { password: apiAt(0).password, apiKey: apiAt(0).apiKey });
    const env = {
      DATABASE_URL: `${primary.serverUrl}/qcr`,
      QCR_SEED_DEMO: 'true',
      QCR_DEMO_PASSWORD: apiAt(0).password,
      QCR_DEMO_API_KEY: apiAt(0).apiKey,
      ...keys,
    };
    await alone.start(env, 150_000);
    apis.push(alone);
    expect(await read(alone, await alone.token('reviewer'))).toEqual(onReplicaPath);
  }, 240_000);

  it('the standby killed under checks, public cards and statistics: no 5xx, its reads go to the primary', async () => {
    const api = apiAt(0);
    const token = await api.token('registrar');
    const code = randomUscc(Math.random, { division: '350200' });
    const created = await fetch(`${api.base}/api/v1/enterprises`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ code, name: '副本停机测试有限公司', industryCode: 'C' }),
    });
    expect(created.status).toBe(201);
    let stop = false;
    const statuses: number[] = [];
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) statuses.push(await check(apiAt(statuses.length % 2), code));
    });
    // …and public cards and statistics on the replica path at the same time: a read cut by the kill runs again on the primary.
    const bearer = await apiAt(1).token('reviewer');
    const readerStatuses: string[] = [];
    const read = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${apiAt(1).base}${path}`, { headers }).then(
        (r) => `${r.status} ${path}`,
        () => `0 ${path}`,
      );
    const readers = Array.from({ length: 4 }, async (_, i) => {
      while (!stop) {
        readerStatuses.push(
          i % 2 === 0
            ? await read(`/api/v1/public/enterprises/${code}`)
            : await read('/api/v1/statistics/grades?by=region&level=county', { Authorization: `Bearer ${bearer}` }),
        );
      }
    });
    await sleep(1_000);
    const standbyPid = Number(
      execFileSync('head', ['-1', join(dir, 'standby', 'postmaster.pid')])
        .toString()
        .trim(),
    );
    process.kill(standbyPid, 'SIGKILL');
    await sleep(4_000);
    stop = true;
    await Promise.all([...clients, ...readers]);
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(readerStatuses.length).toBeGreaterThan(20);
    expect(readerStatuses.filter((s) => !s.startsWith('200 '))).toEqual([]);
    standby = undefined; // killed
  }, 60_000);
});

async function sql(url: string, text: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(text);
  } finally {
    await db.end();
  }
}

/** queryid → text of what the server ran in database qcr since the last reset. */
async function statements(url: string): Promise<Map<string, string>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; query: string }>(
      `SELECT queryid::text AS id, query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'qcr' AND calls > 0`,
    );
    return new Map(rows.map((r) => [r.id, r.query]));
  } finally {
    await db.end();
  }
}
