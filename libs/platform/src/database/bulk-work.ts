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

/** How long after a request began the API still counts as answering requests (requestsArriving). */
export const FOREGROUND_HOLD_MS = 250;
/** When the API last began answering a request other than a health probe or a metrics scrape (performance.now()). */
let lastRequestAt = Number.NEGATIVE_INFINITY;

/**
 * Requests counted in fixed windows of STREAM_WINDOW_MS (this one and the one before) for requestsStreaming: two
 * counters, not a list of times, since this runs on every request.
 */
const STREAM_WINDOW_MS = 250;
/**
 * A stream is at least this many requests in the current window and the one before, i.e. within the last 250–500 ms:
 * 20–40 a second. A page polling a run's progress (2–4 a second) is not one.
 */
export const STREAM_MIN_REQUESTS = 10;
const stream = { window: Number.NEGATIVE_INFINITY, current: 0, previous: 0 };

/** Called as each request arrives (configureHttp's onRequest hook). */
export function noteForegroundRequest(now = performance.now()): void {
  lastRequestAt = now;
  const window = Math.floor(now / STREAM_WINDOW_MS);
  if (window !== stream.window) {
    stream.previous = window === stream.window + 1 ? stream.current : 0;
    stream.current = 0;
    stream.window = window;
  }
  stream.current++;
}

/**
 * True while at least STREAM_MIN_REQUESTS requests arrived in the current window and the one before (20–40 a second):
 * what a regrade run's chunks pace by beside foregroundBusy (regrade-background.ts). A check holds its pool connection
 * for well under a millisecond, so the pool is idle at most of the instants a chunk ends even under thousands of checks
 * a second; a single request, a progress poll, does not make a stream.
 */
export function requestsStreaming(now = performance.now()): boolean {
  const window = Math.floor(now / STREAM_WINDOW_MS);
  const count = window === stream.window ? stream.current + stream.previous : window === stream.window + 1 ? stream.current : 0;
  return count >= STREAM_MIN_REQUESTS;
}

/**
 * True when a request (not a probe or a scrape) arrived within the last FOREGROUND_HOLD_MS. What the webhook
 * dispatcher paces bulk deliveries by, beside foregroundBusy: a check holds its pool connection for well under a
 * millisecond (one prepared statement, often coalesced with others', TurnBatch), so under 4,000 checks a second the
 * pool was found idle at many of the instants the dispatcher looked, and it took a regrade's deliveries at 137/s
 * against a pace of 50/s (quiet 1M bench: checks during a watched regrade 0.82× the same regrade unwatched).
 * A regrade run's chunks use requestsStreaming instead: a progress page polling the run must not halve its speed.
 */
export function requestsArriving(now = performance.now()): boolean {
  return now - lastRequestAt < FOREGROUND_HOLD_MS;
}

/**
 * True while requests hold or wait for connections of the request pool: the signal bulk work paces itself by (a
 * regrade run's chunks, bulk webhook deliveries). `own`: connections the caller itself holds right now, not counted.
 */
export function foregroundBusy(requests: DataSource, own = 0): boolean {
  const pool = poolOf(requests);
  return pool.totalCount - pool.idleCount > own || pool.waitingCount > 0;
}
