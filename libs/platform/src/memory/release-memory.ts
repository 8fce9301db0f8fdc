import { Session } from 'node:inspector';

/**
 * Hands back what a bulk run (a full regrade, the daily extract) left in the API's heap, once it has ended.
 *
 * Why (issue 20, docs/performance.md § "API memory"): after a full regrade at 100k the API idled at ~250 MB RSS, of
 * which V8's heap was 154 MB with only ~65 MB live; the young generation stayed grown to 2 × 16 MB and old space kept
 * the pages the run had filled. V8 gives such memory back only in a memory-reducing collection, which an API that keeps
 * serving (and polling: the sequencer, the webhook dispatcher) did not get within minutes. One such collection
 * (`HeapProfiler.collectGarbage`, through an in-process inspector session: no `--expose-gc` needed) took the same
 * process to ~150 MB. It costs one full-GC pause (tens to a few hundred ms), so it runs only after a bulk run, at most
 * once in 5 s (two runs ending together pay one pause), never on the request path. Not once a minute: with that limit the bench's
 * regrade showed no change (275 MB) — an earlier call within the minute had taken the slot; which one was not traced.
 */
const MIN_INTERVAL_MS = 5_000;
let last = 0;

/** Resolves with the pause it took in ms, or null when skipped (ran less than 5 s ago, or no inspector). */
export async function releaseMemoryAfterBulkRun(now = Date.now()): Promise<number | null> {
  if (now - last < MIN_INTERVAL_MS) return null;
  last = now;
  const session = new Session();
  try {
    session.connect();
  } catch {
    return null; // a build of Node without the inspector
  }
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())));
    return performance.now() - started;
  } finally {
    session.disconnect();
  }
}
