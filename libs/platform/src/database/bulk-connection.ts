import { Logger } from '@nestjs/common';
import { readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { querySingle } from '../sql/typed-query.js';

/**
 * One connection of the bulk pool held for a whole bulk job (an import), whose PostgreSQL backend runs at a lower OS
 * priority than the backends serving requests (issue 25: imports must not starve checks).
 *
 * Pacing (bulk-work.ts) only bounds the import's share of the wall clock; while a batch's COPY and upsert run, the
 * import's backend still competes with the check backends for the same cores on equal terms. With a nice value the
 * kernel's scheduler gives a check backend the core whenever both are runnable, at the grain of its time slice, and
 * the import's backend takes what the checks leave.
 *
 * With the scheduler's autogroups (Linux `kernel.sched_autogroup_enabled` = 1, the default of most distributions) a
 * process's nice value ranks it only against the processes of its own session, and sessions share the CPU as equals.
 * Every PostgreSQL backend calls setsid() when it starts, so each one is a session, and an autogroup, of its own: the
 * nice value alone then changes nothing, and the import's backend took as much CPU as any check backend (measured:
 * 19 s of CPU at nice 19 in a 200k-row import, sid = pid, issue 25). So the backend's autogroup is lowered too
 * (`/proc/<pid>/autogroup`), which is the weight the scheduler compares against the check backends' groups. Lowering a priority never needs a privilege; raising it back
 * would, so a reniced backend must never serve anything else: `close()` ends the connection instead of returning it
 * to the pool (pg-pool drops a client that is ending when it is released).
 *
 * Only for a server on this host: the backend's pid comes from `pg_backend_pid()`, and it is reniced only if
 * /proc/<pid>/cwd is the server's data directory (PostgreSQL runs in its data directory), which holds for the
 * embedded server and for a local server the API may signal. With a server elsewhere (an external DATABASE_URL), a
 * non-superuser role (data_directory is hidden) or another user's server (EPERM), the import keeps only its pacing.
 */
export class BulkConnection {
  private static readonly log = new Logger('BulkConnection');

  private constructor(
    readonly runner: QueryRunner,
    /** the pg client under `runner` (COPY streams need it) */
    readonly client: unknown,
    /** the backend's pid when it was reniced, else null */
    readonly renicedPid: number | null,
  ) {}

  /** `nice` 1–19 lowers the backend's priority (QCR_BULK_NICE); 0 leaves it as it is. */
  static async open(db: DataSource, nice: number): Promise<BulkConnection> {
    const runner = db.createQueryRunner();
    try {
      const client: unknown = await runner.connect();
      const pid = nice > 0 ? await lowerBackendPriority(runner, nice) : null;
      return new BulkConnection(runner, client, pid);
    } catch (err) {
      await runner.release();
      throw err;
    }
  }

  /** Ends the connection (its backend exits with it); the pool opens a fresh one at normal priority when needed. */
  async close(): Promise<void> {
    if (this.renicedPid !== null) {
      const client = this.client as { end(): Promise<void> };
      await client.end().catch(() => undefined); // already gone: the pool drops it either way
    }
    await this.runner.release();
  }

  /** Logged once per process: why the import runs without a lowered priority (or with only part of it). */
  private static skipped = false;
  static skip(reason: string, what = 'bulk work keeps normal database priority'): null {
    if (!BulkConnection.skipped) BulkConnection.log.log(`${what}: ${reason}`);
    BulkConnection.skipped = true;
    return null;
  }
}

/** Renices the runner's backend if it is a process on this host; its pid, or null (with the reason logged once). */
async function lowerBackendPriority(runner: QueryRunner, nice: number): Promise<number | null> {
  // pg_settings shows data_directory only to superusers and pg_read_all_settings: NULL otherwise, never an error.
  const row = await querySingle<{ pid: number; dataDir: string | null }>(
    runner,
    `SELECT pg_backend_pid() AS pid, (SELECT setting FROM pg_settings WHERE name = 'data_directory') AS "dataDir"`,
  );
  if (!row.dataDir) return BulkConnection.skip('the database role cannot read data_directory');
  const local = await Promise.all([readlink(`/proc/${row.pid}/cwd`), realpath(row.dataDir)]).then(
    ([cwd, dir]) => cwd === dir,
    () => false,
  );
  if (!local) return BulkConnection.skip('the database server is not a process on this host');
  try {
    setPriority(row.pid, nice);
  } catch (err) {
    return BulkConnection.skip(`cannot renice the backend: ${(err as Error).message}`);
  }
  await lowerAutogroup(row.pid, nice);
  return row.pid;
}

/** Whether the kernel groups processes by session for scheduling (/proc/sys/kernel/sched_autogroup_enabled). */
async function autogroupsEnabled(): Promise<boolean> {
  return readFile('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').then(
    (v) => v.trim() === '1',
    () => false, // no such file: a kernel without autogroups, where the nice value alone ranks processes
  );
}

/**
 * Lowers the backend's autogroup to `nice`, only when the backend leads its own session (so the group is its alone:
 * PostgreSQL's backends call setsid(); a shared group would lower other processes too). The kernel lets an
 * unprivileged process change autogroup nice values once per 100 ms system-wide (EAGAIN): a few retries.
 */
async function lowerAutogroup(pid: number, nice: number): Promise<void> {
  if (!(await autogroupsEnabled())) return;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const session = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]); // fields after the name: state ppid pgrp session
  if (session !== pid) {
    BulkConnection.skip(`backend ${pid} shares its scheduling group (session ${session})`, "only the bulk backend's nice value is lowered");
    return;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(`/proc/${pid}/autogroup`, String(nice));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || attempt >= 5) {
        BulkConnection.skip(`cannot lower its scheduling group: ${(err as Error).message}`, "only the bulk backend's nice value is lowered");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  }
}
