import type { DataSource } from 'typeorm';
import { poolOf } from './prepared.js';

/**
 * Bulk work (CSV imports, credit-record imports, regrade chunks) runs at a lower priority than the requests the
 * registry answers, checks above all (issue 25: a 200k-row import took check p99 from 35 to 211 ms):
 *  - it uses its own small pool (`BULK_DATA_SOURCE`, QCR_BULK_POOL_SIZE connections, default 2), so it never holds
 *    the request pool's connections and at most that many PostgreSQL backends work for it at once;
 *  - between steps it gives the event loop back (`yieldToRequests`), so parsing a large upload never blocks
 *    answers for more than one slice;
 *  - after each database step it pauses in proportion to the step's time (`paceAfter`), so it takes at most
 *    QCR_BULK_SHARE_PERCENT of the wall clock and the rest of the CPU is left to requests. The cost is a longer
 *    import; docs/performance.md has the figures;
 *  - an enterprise import writes through one connection whose backend runs at a lower OS priority (QCR_BULK_NICE,
 *    bulk-connection.ts), so while a batch is written the scheduler still runs check backends first.
 */
export const BULK_DATA_SOURCE = 'bulk';

/** Lets pending I/O callbacks (incoming requests, query results) run before the next slice of bulk work. */
export const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let sharePercent = 100;

/** Set once at start from QCR_BULK_SHARE_PERCENT. */
export function setBulkShare(percent: number): void {
  sharePercent = Math.min(100, Math.max(1, percent));
}

/** After a bulk step that took `ms`, waits so that bulk steps use at most the configured share of the time. */
export async function paceAfter(ms: number): Promise<void> {
  if (sharePercent >= 100 || ms <= 0) return yieldToRequests();
  const pause = (ms * (100 - sharePercent)) / sharePercent;
  await new Promise((resolve) => setTimeout(resolve, Math.min(pause, 5_000)));
}

/**
 * True while requests hold or wait for connections of the request pool: the signal bulk work paces itself by (a
 * regrade run's chunks, bulk webhook deliveries). `own`: connections the caller itself holds right now, not counted.
 */
export function foregroundBusy(requests: DataSource, own = 0): boolean {
  const pool = poolOf(requests);
  return pool.totalCount - pool.idleCount > own || pool.waitingCount > 0;
}
