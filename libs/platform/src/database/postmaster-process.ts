import { type ChildProcess, spawn } from 'node:child_process';
import type { PostgresBinaries } from './postgres-binaries.js';

export interface PostmasterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** PostgreSQL's last FATAL/PANIC line, the reason it gave for stopping or refusing to start. */
  lastFatal?: string;
}

// A hot standby (the replica test, docs/scale.md) says "ready to accept read-only connections".
const READY = /database system is ready to accept (read-only )?connections/;

/**
 * One run of the postmaster. It is spawned `detached` (setsid: its own session and process group) so a terminal's
 * Ctrl-C, which signals the whole foreground group, reaches only the API, which then drains and stops the server in
 * order (issue 25). The cost — it can outlive a SIGKILLed API — is handled at the next start (leftover-postmaster.ts).
 */
export class PostmasterProcess {
  readonly exited: Promise<PostmasterExit>;
  private exit: PostmasterExit | null = null;
  private lastFatal?: string;

  private constructor(
    private readonly child: ChildProcess,
    onLog: (line: string) => void,
  ) {
    let partial = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (/\b(FATAL|PANIC):/.test(line)) this.lastFatal = line.trim();
        onLog(line);
      }
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, lastFatal: this.lastFatal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Spawns the server and resolves once it accepts connections; rejects with PostgreSQL's own reason if it exits first. */
  static async start(opts: {
    bin: PostgresBinaries;
    dataDir: string;
    port: number;
    flags: string[];
    user: { uid?: number; gid?: number };
    onLog: (line: string) => void;
  }): Promise<PostmasterProcess> {
    const child = spawn(opts.bin.postgres, ['-D', opts.dataDir, '-p', String(opts.port), ...opts.flags], {
      ...opts.user,
      detached: true,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new PostmasterProcess(child, opts.onLog);
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stderr.on('data', (chunk: Buffer) => {
        if (READY.test(chunk.toString('utf8'))) resolve();
      });
      void server.exited.then((exit) =>
        reject(
          new Error(
            `PostgreSQL exited during start-up (${exit.signal ?? `code ${exit.code}`}) in ${opts.dataDir}: ${exit.lastFatal ?? 'no FATAL line logged'}`,
          ),
        ),
      );
    });
    return server;
  }

  /**
   * Fast shutdown (SIGINT: open transactions roll back, a checkpoint is written); after `graceMs`, immediate shutdown
   * (SIGQUIT: crash recovery at next start). Returns at once when the server has already exited.
   */
  async stop(graceMs = 10_000): Promise<PostmasterExit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGQUIT'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
