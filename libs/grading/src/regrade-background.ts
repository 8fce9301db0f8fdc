import { BulkConnection, foregroundBusy, paceAfter, yieldToRequests } from '#qcr/platform';
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
 *    reniced to QCR_BULK_NICE and ended after the step, so the regrade never takes a request connection and the
 *    kernel runs the writers' backends first; the connection is taken per step, not per run, so an import or an
 *    extract waiting for the bulk pool gets a turn between chunks;
 *  - scoring gives the event loop back every SCORE_SLICE enterprises;
 *  - after a chunk, only while requests hold connections of the request pool (foreground work is running), the run
 *    pauses in proportion to the chunk's time (QCR_BULK_SHARE_PERCENT); alone it runs at full speed.
 */
export const SCORE_SLICE = 500;

export class RegradeBackground {
  constructor(
    private readonly requests: DataSource,
    private readonly bulk: DataSource,
    private readonly nice: number,
  ) {}

  /** Runs `step` on a reniced connection of the bulk pool, ended afterwards (a reniced backend never serves requests). */
  async onBulkConnection<T>(step: (connection: BulkConnection) => Promise<T>): Promise<T> {
    const connection = await BulkConnection.open(this.bulk, this.nice);
    try {
      return await step(connection);
    } finally {
      await connection.close();
    }
  }

  /** True while requests hold or wait for connections of the request pool. */
  foregroundBusy(): boolean {
    return foregroundBusy(this.requests);
  }

  /** After a chunk that took `ms`: a pause in proportion while foreground work runs, else just a turn of the event loop. */
  afterChunk(ms: number): Promise<void> {
    return this.foregroundBusy() ? paceAfter(ms) : yieldToRequests();
  }
}

/** Before scoring item `i` of a chunk: every SCORE_SLICE items the event loop answers waiting requests first. */
export const turnEvery = (i: number): Promise<void> | null => (i > 0 && i % SCORE_SLICE === 0 ? yieldToRequests() : null);
