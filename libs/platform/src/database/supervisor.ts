import type { PostmasterExit, PostmasterProcess } from './postmaster-process.js';

export interface SupervisorOptions {
  start: () => Promise<PostmasterProcess>;
  /** Restart attempts after one unexpected exit before giving up (0: never restart). */
  maxRetries: number;
  /** First backoff; doubled per failed attempt, capped at 8× (QCR_PG_RESTART_BASE_MS). */
  baseDelayMs?: number;
  log?: (line: string) => void;
  /** Called once when the retries are used up: the server stays down. */
  onGiveUp?: (exit: PostmasterExit) => void;
}

const describe = (exit: PostmasterExit) => `${exit.signal ?? `exit code ${exit.code}`}${exit.lastFatal ? `; last FATAL: ${exit.lastFatal}` : ''}`;

/**
 * Keeps the embedded server up: when it exits without being asked to (kill -9, OOM killer, a PANIC), it is started
 * again on the same data directory and port, after 1×, 2×, 4×, 8× … the base delay, up to `maxRetries` attempts;
 * a successful start resets the count. The pool reconnects by itself; meanwhile requests get 503 + Retry-After
 * (transaction.ts isDatabaseUnavailable). `stop()` during a backoff returns at once.
 */
export class Supervisor {
  restarts = 0;
  private server: PostmasterProcess | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SupervisorOptions) {}

  async start(): Promise<void> {
    this.watch(await this.opts.start());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop; // a restart in progress finishes (or fails) first, then is stopped below
    await this.server?.stop();
  }

  private watch(server: PostmasterProcess): void {
    this.server = server;
    void server.exited.then((exit) => {
      if (this.stopping || this.server !== server) return;
      this.loop = this.restart(exit);
    });
  }

  private async restart(exit: PostmasterExit): Promise<void> {
    const log = this.opts.log ?? (() => {});
    const base = this.opts.baseDelayMs ?? 250;
    log(`embedded PostgreSQL exited unexpectedly (${describe(exit)})`);
    let last = exit;
    for (let attempt = 1; attempt <= this.opts.maxRetries; attempt++) {
      const delay = base * 2 ** Math.min(attempt - 1, 3);
      log(`restarting embedded PostgreSQL in ${delay} ms (attempt ${attempt}/${this.opts.maxRetries})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.stopping) return;
      try {
        const server = await this.opts.start();
        this.restarts++;
        log(`embedded PostgreSQL restarted (restart #${this.restarts})`);
        this.watch(server);
        return;
      } catch (err) {
        last = { code: null, signal: null, lastFatal: (err as Error).message };
        log(`embedded PostgreSQL restart failed: ${(err as Error).message}`);
      }
    }
    if (this.opts.maxRetries > 0) log(`embedded PostgreSQL: giving up after ${this.opts.maxRetries} restart attempts`);
    this.opts.onGiveUp?.(last);
  }
}
