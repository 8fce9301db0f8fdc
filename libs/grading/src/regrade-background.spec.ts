import { type ChunkSteps, paceChunks } from './regrade-background.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Five chunks of ids "1".."5", each read taking `readMs` and write `writeMs`; every step and pause is logged in order; the
 * read after `slowAfter` takes 30 ms more. */
function fakeRun(readMs: number, writeMs = readMs, slowAfter = '') {
  const log: string[] = [];
  const pauses: { turnMs: number }[] = [];
  let stopAfter = Number.POSITIVE_INFINITY;
  let written = 0;
  const steps: ChunkSteps<string[]> = {
    read: async (after) => {
      log.push(`read>${after}`);
      await sleep(after === slowAfter ? readMs + 30 : readMs);
      const next = Number(after) + 1;
      log.push(`read<${after}`);
      return next <= 5 ? [String(next)] : [];
    },
    lastId: (chunk) => chunk.at(-1),
    write: async (chunk) => {
      log.push(`write>${chunk[0]}`);
      await sleep(writeMs);
      log.push(`write<${chunk[0]}`);
      written++;
    },
    checkpoint: () => {
      if (written >= stopAfter) throw new Error('stopping');
    },
  };
  const pause = async (turnMs: number) => {
    log.push('pause>');
    pauses.push({ turnMs });
    await sleep(turnMs);
    log.push('pause<');
  };
  return { log, pauses, steps, pause, stopAt: (n: number) => (stopAfter = n) };
}

/** The log's entries from `from` (inclusive) to `to` (exclusive). */
const between = (log: string[], from: string, to: string) => log.slice(log.indexOf(from), log.indexOf(to));

describe('paceChunks: a regrade run yields to requests', () => {
  it('alone, reads the next chunk while writing this one and never pauses', async () => {
    const run = fakeRun(5);
    await paceChunks(run.steps, '0', () => false, run.pause);
    expect(run.pauses).toHaveLength(0);
    // chunk 2's read began before chunk 1's write ended
    expect(run.log.indexOf('read>1')).toBeLessThan(run.log.indexOf('write<1'));
    expect(run.log.filter((e) => e.startsWith('write<'))).toEqual(['write<1', 'write<2', 'write<3', 'write<4', 'write<5']);
  });

  it('while requests run, one chunk at a time, then a pause as long as the turn with nothing in flight', async () => {
    const run = fakeRun(10);
    await paceChunks(run.steps, '0', () => true, run.pause);
    expect(run.log.filter((e) => e.startsWith('write<'))).toEqual(['write<1', 'write<2', 'write<3', 'write<4', 'write<5']);
    expect(run.pauses).toHaveLength(5);
    // a turn: the chunk's read (10 ms) and its write (10 ms); the first turn also waited for the first read
    for (const p of run.pauses) expect(p.turnMs).toBeGreaterThanOrEqual(18);
    // nothing of the run happens between a write's end and the end of the pause after it
    for (const n of [1, 2, 3, 4]) {
      const gap = between(run.log, `write<${n}`, `read>${n}`);
      expect(gap).toEqual([`write<${n}`, 'pause>', 'pause<']);
    }
  });

  it('switches between the two as the foreground comes and goes, and ends where the checkpoint throws', async () => {
    const run = fakeRun(2, 2, '3'); // chunk 4's read outlasts chunk 3's write
    let calls = 0;
    run.stopAt(3);
    await expect(paceChunks(run.steps, '0', () => ++calls % 2 === 0, run.pause)).rejects.toThrow('stopping');
    expect(run.log.filter((e) => e.startsWith('write<'))).toEqual(['write<1', 'write<2', 'write<3']);
    expect(run.pauses).toHaveLength(1); // after chunk 2 only
    expect(run.log.indexOf('read>2')).toBeGreaterThan(run.log.indexOf('pause<')); // chunk 3 was read after the pause
    expect(run.log.indexOf('read>3')).toBeLessThan(run.log.indexOf('write<3')); // chunk 4's read overlapped chunk 3's write
    expect(run.log.at(-1)).toBe('read<3'); // and the run ended only once that read had
  });
});
