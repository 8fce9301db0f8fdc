import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** What holds a data directory's postmaster.pid lock. */
export type PostmasterOwner =
  | { kind: 'none' } // no lock file, or a stale one (its PID is gone): PostgreSQL itself takes over the lock
  | { kind: 'orphan'; pid: number } // a postgres on this data dir whose parent API is gone (kill -9, OOM)
  | { kind: 'running'; pid: number; parentPid: number } // a postgres on this data dir under a live Node process
  | { kind: 'foreign'; pid: number }; // the PID was reused by an unrelated process: the lock is stale

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const procText = (pid: number, file: string) => readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => '');

/**
 * Who owns `dataDir`'s lock (Linux /proc). The postmaster's parent is the API (or CLI) that started it; when that
 * process dies by SIGKILL the postmaster is re-parented to init (or a subreaper) and keeps the lock, so the next start
 * would fail with "lock file postmaster.pid already exists" (issue 25). A parent that is a live `node` is a running
 * API on the same data: never touched.
 */
export async function postmasterOwner(dataDir: string): Promise<PostmasterOwner> {
  const lock = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number.parseInt(lock?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return { kind: 'none' };
  const [comm, cmdline, stat] = await Promise.all([procText(pid, 'comm'), procText(pid, 'cmdline'), procText(pid, 'stat')]);
  const args = cmdline.split('\0');
  const dirArg = args[args.indexOf('-D') + 1];
  if (comm.trim() !== 'postgres' || (args.includes('-D') && dirArg !== dataDir)) return { kind: 'foreign', pid };
  // stat: "pid (comm) state ppid …" — comm may contain spaces, so read after the last ')'.
  const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const parentExe = basename((await procText(parentPid, 'cmdline')).split('\0')[0] ?? '');
  // Ours always start with -D; a postgres without it (a backend whose title was rewritten, another install) is left alone.
  if (!args.includes('-D') || (parentPid > 1 && /^node/.test(parentExe))) return { kind: 'running', pid, parentPid };
  return { kind: 'orphan', pid };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops a leftover postmaster the way `pg_ctl stop -m fast` does (SIGINT: roll back open transactions, checkpoint,
 * exit), waiting up to `fastMs`; then SIGQUIT (immediate: crash recovery at next start, still no data lost).
 */
export async function stopLeftoverPostmaster(pid: number, fastMs = 30_000): Promise<'fast' | 'immediate'> {
  process.kill(pid, 'SIGINT');
  for (const until = Date.now() + fastMs; Date.now() < until; await sleep(50)) if (!alive(pid)) return 'fast';
  process.kill(pid, 'SIGQUIT');
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) if (!alive(pid)) return 'immediate';
  throw new Error(`the leftover PostgreSQL server (PID ${pid}) did not stop`);
}
