import { BulkConnection, foregroundBusy, paceAfter, poolOf, requestsStreaming, yieldToRequests } from '#qcr/platform';
import type { DataSource } from 'typeorm';

/**
 * A full regrade is background work beside the writes regulators make all day (issue 21: writes during a regrade
 * within 20 % of writes without one). Measured before this (docs/performance.md § Concurrent writes): the regrade took
 * up to five of the request pool's connections (four parallel reads of the next chunk and the write of this one), its
 * backends competed with the writers' at equal priority, and each chunk scored 10k enterprises in one synchronous
 * loop on the event loop that answers the writes.
 *
 * Now, like an import (platform bulk-work.ts, bulk-connection.ts):
 *  - each chunk's read and write go through a connection of the bulk pool (QCR_BULK_POOL_SIZE) whose backend is
 *    reniced to QCR_BULK_NICE, so the regrade never takes a request connection and the kernel runs the writers'
 *    backends first. A run holds its reading and its writing connection from chunk to chunk (RunConnections), and
 *    gives one up after a step only when other bulk work (an import, an extract) waits for the pool: that work gets a
 *    turn between chunks. Opening one per step cost a connection, a renice and an autogroup write per step, and the
 *    kernel takes one autogroup write per 100 ms system-wide (bulk-connection.ts): two per chunk waited ~120 ms;
 *  - scoring gives the event loop back every SCORE_SLICE enterprises;
 *  - while foreground work runs (requests hold connections of the request pool, or arrive as a stream:
 *    requestsStreaming), the run reads, scores and writes one chunk at a time and then pauses in proportion to that
 *    whole turn (QCR_BULK_SHARE_PERCENT); alone it reads the next chunk while writing this one, at full speed
 *    (paceChunks).
 */
export const SCORE_SLICE = 500;

export class RegradeBackground {
  constructor(
    private readonly requests: DataSource,
    private readonly bulk: DataSource,
    private readonly nice: number,
  ) {}

  /** The reniced connections of one run: end() them when the run ends, however it ends. */
  forRun(): RunConnections {
    return new RunConnections(this.bulk, this.nice);
  }

  /** True while requests hold or wait for connections of the request pool, or arrive as a stream. */
  foregroundBusy(): boolean {
    return foregroundBusy(this.requests) || requestsStreaming();
  }
}

/** One run's steps, for paceChunks. */
export interface ChunkSteps<C> {
  /** The chunk after the enterprise id `after` (empty at the end). */
  read(after: string): Promise<C>;
  /** The chunk's last enterprise id; undefined for an empty chunk (the run is done). */
  lastId(chunk: C): string | undefined;
  write(chunk: C): Promise<void>;
  /** Called after each chunk and its pause: throws to end the run there (a stopping API). */
  checkpoint(): void;
}

/**
 * Walks a run chunk by chunk. Alone, the next chunk's read overlaps this chunk's write. While `busy()` (foreground work
 * runs), a turn is read, score, write, then a pause of `pause(turn ms)` with nothing of the run in flight: a read left
 * running through the pause kept PostgreSQL working and its result was parsed on the API's thread in the middle of it,
 * so pausing after the write alone saved the checks nothing (eighth session: a 1M regrade under checks took 39.5–40.6 s
 * with that pause and 37.4 s without checks — the pause never showed).
 */
export async function paceChunks<C>(steps: ChunkSteps<C>, start: string, busy: () => boolean, pause: (ms: number) => Promise<void> = paceAfter): Promise<void> {
  let after = start;
  let pending: Promise<C> | null = steps.read(after);
  try {
    for (;;) {
      const turn = performance.now();
      const chunk = await (pending ?? steps.read(after));
      pending = null;
      const last = steps.lastId(chunk);
      if (last === undefined) return;
      after = last;
      const yielding = busy();
      if (!yielding) {
        pending = steps.read(after);
        pending.catch(() => undefined); // awaited at the next turn, or in finally
      }
      await steps.write(chunk);
      await (yielding ? pause(performance.now() - turn) : yieldToRequests());
      steps.checkpoint();
    }
  } finally {
    await pending?.catch(() => undefined); // a read still running ends before its connection
  }
}

/** Before scoring item `i` of a chunk: every SCORE_SLICE items the event loop answers waiting requests first. */
export const turnEvery = (i: number): Promise<void> | null => (i > 0 && i % SCORE_SLICE === 0 ? yieldToRequests() : null);

/** What a run's connection is for: the next chunk's read overlaps this chunk's write, so each has its own. */
export type RunStep = 'read' | 'write';

/**
 * A run's two reniced bulk connections, each opened at its first step and kept for the next, unless other bulk work
 * waits for the pool (then it is ended after the step, and opened again at the next). A reniced backend is ended, never
 * returned to the pool (bulk-connection.ts).
 */
export class RunConnections {
  private readonly held = new Map<RunStep, BulkConnection>();

  constructor(
    private readonly bulk: DataSource,
    private readonly nice: number,
  ) {}

  async on<T>(kind: RunStep, step: (connection: BulkConnection) => Promise<T>): Promise<T> {
    const connection = this.held.get(kind) ?? (await BulkConnection.open(this.bulk, this.nice));
    this.held.delete(kind);
    let failed = false;
    try {
      return await step(connection);
    } catch (err) {
      failed = true; // a connection whose step failed may be in any state: not kept
      throw err;
    } finally {
      if (failed || poolOf(this.bulk).waitingCount > 0) await connection.close();
      else this.held.set(kind, connection);
    }
  }

  async end(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.all(held.map((c) => c.close()));
  }
}
