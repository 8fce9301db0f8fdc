import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '#qcr/platform';
import { agencyWritesAfterCrash, verifyAuditChain } from './crash-checks.js';
import { ApiProcess, enterpriseCodes, Load, MAIN, receiptsMissing, sleep } from './lifecycle-support.js';

/**
 * Crash-only lifecycle of `npm start` with its embedded PostgreSQL (issue 25), one data directory throughout:
 * kill -9 of the API, then a plain start (no manual clean-up); SIGTERM drains; a second API on the same data is refused, naming the
 * owner. Each step runs under 8 writers + 8 partners. Needs `npm run build` first.
 */
const processGroup = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

describe('process lifecycle: the API and its embedded PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qcr-lifecycle-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  let api: ApiProcess;
  let codes: string[];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    api = new ApiProcess(join(dir, 'pg'), await freePort(), await freePort());
    await api.start();
    codes = await enterpriseCodes(api.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...Load.active].map((l) => l.stop()));
    if (api.child && api.child.exitCode === null) await api.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function afterRestart(load: Load) {
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const writes = await agencyWritesAfterCrash(db, `life-${load.run}-%`, load.acknowledged);
      return { ...writes, receiptsLost: await receiptsMissing(db, load.receipts) };
    } finally {
      await db.end();
    }
  }

  it('kill -9 of the API: the next start takes over the orphaned PostgreSQL and comes up on the same data', async () => {
    const load = new Load(api, await api.token(), codes);
    load.start();
    await load.until((l) => l.acknowledged.length >= 100);
    const postmaster = api.postmasterPid();
    expect(await api.kill('SIGKILL')).toBe('SIGKILL');
    await load.stop();

    await api.start(); // exactly what a person or a process supervisor would run; no clean-up in between
    expect(api.output).toContain(`a PostgreSQL server (PID ${postmaster}) left by a stopped API`);
    const after = await afterRestart(load);
    expect(after.lost).toEqual([]); // every acknowledged write is there
    expect(after.orphans).toEqual([]);
    const verify = await verifyAuditChain(api.base, api.password);
    expect(verify).toMatchObject({ status: 200, body: { ok: true } });
  }, 180_000);

  it('kill -9 of the postmaster: the API restarts it, answers 200 again within 10 s, loses no answered receipt', async () => {
    const load = new Load(api, await api.token(), codes);
    load.start();
    await load.until((l) => l.acknowledged.length >= 50 && l.receipts.length >= 200);
    const postmaster = api.postmasterPid();
    process.kill(postmaster, 'SIGKILL');
    const killedAt = Date.now();
    let back = 0;
    for (; Date.now() - killedAt < 10_000; await sleep(100)) {
      const pid = (() => {
        try {
          return api.postmasterPid();
        } catch {
          return postmaster; // between the old lock and the new one
        }
      })();
      if (
        pid !== postmaster &&
        (await fetch(`${api.base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        back = Date.now() - killedAt;
        break;
      }
    }
    const answeredAfter = load.receipts.length;
    await load.until((l) => l.receipts.length > answeredAfter + 50); // partners are served again
    await load.stop();
    expect(back).toBeGreaterThan(0); // within the 10 s of the loop
    expect(api.output).toMatch(/embedded PostgreSQL restarted \(restart #1\)/);
    // …and counted where an operator's probe sees it.
    const ready = (await (await fetch(`${api.base}/health/ready`)).json()) as { details: { databaseServer: unknown } };
    expect(ready.details.databaseServer).toEqual({ status: 'up', embedded: true, restarts: 1 });
    expect(api.child!.exitCode).toBeNull(); // no API restart
    // Meanwhile: 503 with Retry-After only, no other 5xx.
    expect(load.sent.filter((x) => typeof x.status === 'number' && x.status >= 500 && (x.status !== 503 || !x.retryAfter))).toEqual([]);
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const writes = await agencyWritesAfterCrash(db, `life-${load.run}-%`, load.acknowledged);
      expect(writes.lost).toEqual([]);
      expect(await receiptsMissing(db, load.receipts, 15_000)).toEqual([]); // the check log retries every second
    } finally {
      await db.end();
    }
  }, 120_000);

  it('a stop while the embedded PostgreSQL is down returns at once', async () => {
    process.kill(api.postmasterPid(), 'SIGKILL');
    await sleep(50); // inside the first restart backoff (250 ms)
    const signalAt = Date.now();
    expect(await api.kill('SIGTERM')).toBe(0);
    expect(Date.now() - signalAt).toBeLessThan(3_000);
    await api.start();
  }, 120_000);

  it('SIGTERM under load: in-flight requests answered, nothing answered lost, PostgreSQL stopped, exit 0', async () => {
    const postmaster = api.postmasterPid();
    // Its own process group: a terminal's Ctrl-C (SIGINT to the foreground group) reaches only the API.
    const groups = [postmaster, api.child!.pid!].map(processGroup);
    const load = new Load(api, await api.token(), codes);
    load.start();
    await load.until((l) => l.acknowledged.length >= 100 && l.receipts.length >= 300);
    const signalAt = Date.now();
    const exit = api.kill('SIGTERM');
    const stoppedIn = await exit.then(() => Date.now() - signalAt);
    await load.stop();
    expect(await exit).toBe(0);
    expect(stoppedIn).toBeLessThan(10_000); // QCR_SHUTDOWN_GRACE_MS default
    expect(() => process.kill(postmaster, 0)).toThrow(); // the embedded server is stopped, not orphaned
    // Requests sent before the signal were in flight (or queued on an open connection): each got its answer.
    expect(load.count((s) => s.at < signalAt && typeof s.status === 'number' && s.status >= 500)).toBe(0);

    await api.start();
    const after = await afterRestart(load);
    expect(after.lost).toEqual([]);
    expect(after.orphans).toEqual([]);
    expect(after.receiptsLost).toEqual([]); // the check log was flushed before the pool closed
    expect(groups[0]).not.toBe(groups[1]);
  }, 180_000);

  it('a second API on the same data directory is refused, naming the running owner; the first is untouched', async () => {
    const second = new ApiProcess(api.dataDir, await freePort(), await freePort());
    await expect(second.start({}, 30_000)).rejects.toThrow(
      /could not start: the data directory .* is in use by PostgreSQL \(PID \d+\) of a running process \(PID \d+\)/,
    );
    expect((await fetch(`${api.base}/health/ready`)).status).toBe(200);
  }, 60_000);

  it("a start that fails names PostgreSQL's own reason (its last FATAL line)", async () => {
    const busy = api.pgPort; // the running API's server holds this port
    const other = new ApiProcess(join(dir, 'other'), await freePort(), busy);
    await expect(other.start({}, 60_000)).rejects.toThrow(/could not start: PostgreSQL exited during start-up .* FATAL: +could not create any TCP\/IP sockets/);
  }, 90_000);
});
