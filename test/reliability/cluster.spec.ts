import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#qcr/platform';
import { defined, first } from '../helpers/defined.js';
import { ApiProcess, enterpriseCodes, MAIN, sleep } from './lifecycle-support.js';

/**
 * QCR_WORKERS=2 (issue 22; apps/api/src/cluster.ts): two worker processes serve one port; a killed worker is
 * replaced while the other answers; SIGTERM drains every worker, stops PostgreSQL, exits 0, leaves nothing behind.
 */
const statOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) };
};
/** The API workers: children of the primary that are not PostgreSQL. */
const workersOf = (primary: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const s = statOf(pid);
        return s.ppid === primary && s.comm !== 'postgres';
      } catch {
        return false; // exited meanwhile
      }
    });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('QCR_WORKERS=2: one port, two stateless worker processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qcr-cluster-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  let api: ApiProcess;
  let code: string;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    api = new ApiProcess(join(dir, 'pg'), await freePort(), await freePort());
    await api.start({ QCR_WORKERS: '2' }, 150_000);
    code = first(await enterpriseCodes(api.databaseUrl), 'a demo enterprise code');
  }, 180_000);

  afterAll(async () => {
    if (api.child && api.child.exitCode === null) await api.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const check = () =>
    fetch(`${api.base}/api/v1/checks/${code}?purpose=government_procurement`, { headers: { 'X-API-Key': api.apiKey } }).then(
      (r) => r.status,
      () => 0,
    );

  it('serves checks from two workers; the primary serves nothing itself', async () => {
    for (const until = Date.now() + 60_000; !/is ready in/.test(api.output) && Date.now() < until;) await sleep(200); // after the 2nd worker
    expect(api.output).toMatch(/2 worker processes, QCR_WORKERS/);
    expect(workersOf(api.child!.pid!)).toHaveLength(2);
    const statuses = await Promise.all(Array.from({ length: 40 }, check));
    expect(statuses.every((s) => s === 200)).toBe(true);
  }, 90_000);

  it('a worker killed with -9 is replaced; the other keeps answering meanwhile', async () => {
    const workers = workersOf(api.child!.pid!);
    const [victim, survivor] = [defined(workers[0], 'a first worker'), defined(workers[1], 'a second worker')];
    process.kill(victim, 'SIGKILL');
    const during: number[] = [];
    let replaced = false;
    for (const until = Date.now() + 60_000; Date.now() < until && !replaced; await sleep(100)) {
      during.push(await check());
      const now = workersOf(api.child!.pid!);
      replaced = now.length === 2 && !now.includes(victim) && now.includes(survivor) && api.output.includes(`ready (replacing ${victim})`);
    }
    if (!replaced) throw new Error(`not replaced: workers ${workersOf(api.child!.pid!).join(',')} (killed ${victim})\n${api.output.slice(-3000)}`);
    // No HTTP error: the only failure allowed is the client's kept-alive connection to the killed worker (status 0);
    // new connections land on the living worker.
    expect(during.filter((s) => s !== 200 && s !== 0)).toEqual([]);
    expect(during.filter((s) => s === 0).length).toBeLessThanOrEqual(1);
    expect(during.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    expect(api.output).toMatch(new RegExp(`worker ${victim} exited \\(SIGKILL\\); forking another`));
  }, 90_000);

  it('SIGTERM: every worker drains, PostgreSQL stops, exit 0, no process left', async () => {
    const workers = workersOf(api.child!.pid!);
    const postmaster = api.postmasterPid();
    const exit = await api.kill('SIGTERM');
    if (exit !== 0) throw new Error(`exit ${exit}:\n${api.output.slice(-2000)}`);
    expect(workers.filter(alive)).toEqual([]);
    expect(alive(postmaster)).toBe(false);
  }, 30_000);
});
