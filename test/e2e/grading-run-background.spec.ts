import { RegradeRuns } from '#qcr/grading';
import { BULK_DATA_SOURCE, poolOf, queryOne, querySingle, systemActor } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db, newEnterprise } from './credit-grading-helpers.js';

/** The nice value of a process (/proc/<pid>/stat field 19). */
function niceOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/**
 * Issue 21: a full regrade is background work beside the writes — its chunks are written by a backend at a lower OS
 * priority (QCR_BULK_NICE, 19 by default) from the bulk pool, never by one of the request pool's backends
 * (libs/grading/src/regrade-background.ts). The test holds the run's row locked, so a chunk's progress update waits on
 * it inside the chunk's transaction, finds that waiting backend in pg_stat_activity and reads its nice value.
 */
describe('a full regrade run in the background', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds its reniced connections from chunk to chunk instead of opening two per chunk', async () => {
    for (let i = 0; i < 12; i++) await newEnterprise(t);
    const runs = t.app.get(RegradeRuns);
    const pool = poolOf(t.app.get<DataSource>(getDataSourceToken(BULK_DATA_SOURCE)));
    let opened = 0;
    const count = () => void opened++;
    pool.on('connect', count);
    try {
      // a dozen chunks or so over whatever the test database holds, each a read and a write
      const { n } = await querySingle<{ n: number }>(db(t), `SELECT count(*)::int AS n FROM enterprises.enterprises`);
      const run = await runs.start(systemActor('background-test'), { chunkSize: Math.ceil(n / 12) });
      for (let i = 0; i < 2_400 && (await runs.get(run.id)).status === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
      const done = await runs.get(run.id);
      expect(done.status).toBe('completed');
      expect(done.processed).toBe(n);
      // one for the reads, one for the writes (each opened again only if other bulk work had waited for the pool)
      expect(opened).toBeLessThanOrEqual(2);
    } finally {
      pool.off('connect', count);
    }
  });

  it('writes its chunks through a reniced backend, not a request connection', async () => {
    for (let i = 0; i < 6; i++) await newEnterprise(t);
    const runs = t.app.get(RegradeRuns);
    const lock = db(t).createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      // The service's own start (the route asks for chunks of at least 100): one enterprise per chunk, so the run is
      // still going when its row is locked.
      const started = await runs.start(systemActor('background-test'), { chunkSize: 1 });
      await lock.query(`SELECT 1 FROM grading.runs WHERE id = $1 FOR UPDATE`, [started.id]);
      let writer: { pid: number } | null = null;
      for (let i = 0; i < 200 && !writer; i++) {
        writer = await queryOne<{ pid: number }>(
          db(t),
          `SELECT pid FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE grading.runs SET last_enterprise_id%' AND state = 'active'`,
        );
        if (!writer) await new Promise((r) => setTimeout(r, 25));
      }
      expect(writer).not.toBeNull();
      expect(niceOf(writer!.pid)).toBe(19);
      const held = (await runs.get(started.id)).processed;
      await lock.rollbackTransaction();
      // released, the run goes on (the app's close ends it after its chunk in hand: grading-run-shutdown.spec.ts)
      for (let i = 0; i < 400 && (await runs.get(started.id)).processed <= held; i++) await new Promise((r) => setTimeout(r, 25));
      expect((await runs.get(started.id)).processed).toBeGreaterThan(held);
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  });
});
