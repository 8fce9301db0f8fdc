import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres, withDatabase } from '#qcr/platform';
import { first } from '../helpers/defined.js';
import { dropSlot, makeStandby } from '../helpers/standby.js';
import { apiTarget, measureInTurns } from './check-scenarios.js';
import type { BenchDatabase } from './database.js';
import { type Server, startApi } from './processes.js';
import { notAvailable, ratioText, type Row } from './report.js';
import { fmt } from './stats.js';
import type { BenchContext } from './scenarios.js';

/**
 * Issue 22's targets, measured beside the single API of the same run (docs/scale.md):
 *  - checks served by QCR_WORKERS=2 vs one process: no worse (≥ 1.0×);
 *  - checks served from a streaming replica (DATABASE_READ_URLS) vs from the primary: ≥ 0.9×, and the check
 *    statement must be seen running on the replica.
 * `apiEnv` is the bench API's own environment, so each extra API differs from it in one setting only.
 */
export async function scaleScenarios(ctx: BenchContext, db: BenchDatabase, apiEnv: Record<string, string>, codes: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(await twoWorkers(ctx, apiEnv, codes).catch((err: Error) => notAvailable('checks, 2 worker processes vs 1', err.message, '≥ 1.0×')));
  rows.push(
    await replicaReads(ctx, db, apiEnv, codes).catch((err: Error) => notAvailable('checks from a streaming replica vs the primary', err.message, '≥ 0.9×')),
  );
  return rows;
}

async function withApi<T>(ctx: BenchContext, env: Record<string, string>, work: (api: Server) => Promise<T>): Promise<T> {
  const api = await startApi({ ...env, QCR_DATA_DIR: join(tmpdir(), `qcr-bench-api-${randomBytes(4).toString('hex')}`, 'pg') }, await freePort(), ctx.log);
  try {
    return await work(api);
  } finally {
    await api.stop();
  }
}

async function twoWorkers(ctx: BenchContext, apiEnv: Record<string, string>, codes: string[]): Promise<Row> {
  return withApi(ctx, { ...apiEnv, QCR_WORKERS: '2', QCR_SEED_DEMO: 'false' }, async (workers) => {
    const m = await measureInTurns(ctx, [apiTarget(ctx, codes), { ...apiTarget(ctx, codes, '', 'API, 2 workers'), url: workers.url, pid: undefined }]);
    const [one, two] = m.figures;
    const r = m.ratio(1, 0, 'requestsPerSec');
    return {
      scenario: 'checks, QCR_WORKERS=2 vs one process (same database)',
      figure: `${fmt(two.requestsPerSec)} req/s, p99 ${fmt(two.p99, 2)} ms`,
      baseline: `${fmt(one.requestsPerSec)} req/s, p99 ${fmt(one.p99, 2)} ms`,
      ratio: ratioText(r),
      target: '≥ 1.0×',
      verdict: two.non2xx + two.errors === 0 && r >= 1 ? 'pass' : 'fail',
      data: { one, two },
    };
  });
}

async function replicaReads(ctx: BenchContext, db: BenchDatabase, apiEnv: Record<string, string>, codes: string[]): Promise<Row> {
  if (!db.server) return notAvailable('checks from a streaming replica vs the primary', 'the bench database is not the embedded one (DATABASE_URL)', '≥ 0.9×');
  const { dataDir, port, flags } = db.server;
  const superuserUrl = `postgres://postgres:embedded@127.0.0.1:${port}/postgres`;
  const standbyDir = `${dataDir}-standby`;
  const slot = 'bench_standby';
  const began = Date.now();
  await makeStandby({
    superuserUrl,
    primaryDir: dataDir,
    standbyDir,
    primaryPort: port,
    slot,
    settings: flags.filter((f) => !f.startsWith('listen_addresses')).map((f) => f.replace('=', ' = ')),
  });
  let standby: EmbeddedDatabase | undefined;
  try {
    standby = await startEmbeddedPostgres({ dataDir: standbyDir, port: await freePort(), persistent: false });
    const dbName = new URL(db.url).pathname.slice(1);
    const replicaUrl = withDatabase(standby.serverUrl, dbName);
    ctx.log(`  standby ready in ${fmt((Date.now() - began) / 1000)} s`);
    return await withApi(ctx, { ...apiEnv, DATABASE_READ_URLS: replicaUrl, QCR_SEED_DEMO: 'false' }, async (onReplica) => {
      const m = await measureInTurns(ctx, [
        apiTarget(ctx, codes),
        { ...apiTarget(ctx, codes, '', 'API on a replica'), url: onReplica.url, pid: onReplica.child.pid },
      ]);
      const [primary, replica] = m.figures;
      const r = m.ratio(1, 0, 'requestsPerSec');
      const client = new pg.Client({ connectionString: replicaUrl });
      await client.connect();
      const seen = first((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE '%grade_on%'`)).rows).n;
      await client.end();
      return {
        scenario: 'checks from a streaming replica vs from the primary (DATABASE_READ_URLS)',
        figure: `${fmt(replica.requestsPerSec)} req/s, p99 ${fmt(replica.p99, 2)} ms; check statement on the replica: ${seen > 0 ? 'yes' : 'NO'}`,
        baseline: `${fmt(primary.requestsPerSec)} req/s, p99 ${fmt(primary.p99, 2)} ms`,
        ratio: ratioText(r),
        target: '≥ 0.9×, reads on the replica',
        verdict: replica.non2xx + replica.errors === 0 && r >= 0.9 && seen > 0 ? 'pass' : 'fail',
        data: { primary, replica, replicaSessionsRunningTheCheck: seen },
      };
    });
  } finally {
    await standby?.stop().catch(() => undefined);
    await dropSlot(superuserUrl, slot).catch(() => undefined);
  }
}
