import { releaseMemoryAfterBulkRun } from './release-memory.js';

/** What a bulk run leaves behind: 64 MB of arrays, dropped when it returns (as a regrade's chunks are). */
function leaveGarbage(): number {
  const junk = Array.from({ length: 64 }, () => Array.from({ length: 131_072 }, (_, i) => i + 0.5));
  return junk.length;
}

// Unit: what a bulk run left in the heap is handed back by one call (without the call the heap does not shrink before
// V8 gets to it: 0.0 MB in the same steps); a second call within 5 s is skipped (it is a full-GC pause).
describe('releaseMemoryAfterBulkRun', () => {
  it('shrinks the heap a bulk run grew, at most once in 5 s', async () => {
    expect(leaveGarbage()).toBe(64);
    const left = process.memoryUsage().heapTotal; // garbage V8 has not collected yet
    const pause = await releaseMemoryAfterBulkRun(1_000_000_000);
    expect(pause).not.toBeNull();
    expect(left - process.memoryUsage().heapTotal).toBeGreaterThan(32 * 2 ** 20);
    expect(await releaseMemoryAfterBulkRun(1_000_000_000 + 3_000)).toBeNull();
  });
});
