/**
 * Full-regrade benchmark (issue 4): N enterprises (default 1,000,000) with ~3 credit records each,
 * then RegradeRuns.regradeAll twice (first run writes every grade, second must change nothing),
 * then single record writes including the in-transaction regrade (p50/p99).
 *
 *   npm run build && node dist/test/perf/regrade-bench.js [enterprises=1000000] [writes=300] [chunk size]
 *
 * Uses DATABASE_URL when set (a database whose name contains "bench"), else an embedded PostgreSQL in a temp dir.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CreditRecordsService } from '#qcr/credit-records';
import { bulkLoadEnterprises, PersonalDataCipher, seedDemoEnterprises } from '#qcr/enterprises';
import { RegradeRuns } from '#qcr/grading';
import {
  addMonths,
  createDataSource,
  loadAppConfig,
  queryRows,
  querySingle,
  runMigrations,
  startEmbeddedPostgres,
  systemActor,
  todayInChina,
  withDatabase,
} from '#qcr/platform';
import { registryMigrations, RegistryModule } from '#qcr/registry';

const N = Number(process.argv[2] ?? 1_000_000);
const WRITES = Number(process.argv[3] ?? 300);
const CHUNK = process.argv[4] ? Number(process.argv[4]) : undefined;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'qcr-regrade-bench-'));
    chmodSync(dir, 0o755); // initdb runs as the postgres user
    const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
    await server.createDatabase('qcr_bench');
    url = withDatabase(server.serverUrl, 'qcr_bench');
    stop = () => server.stop();
  }
  const migrator = await createDataSource(url, registryMigrations, 2).initialize();
  await runMigrations(migrator);
  await migrator.destroy();
  const config = loadAppConfig({ LOG_LEVEL: 'silent', QCR_JWT_SECRET: 'bench-secret-'.padEnd(48, 'x') });
  const app = await NestFactory.createApplicationContext(RegistryModule.forRoot(config, url), { logger: ['error'] });
  const ds = app.get<DataSource>(getDataSourceToken());

  let t = Date.now();
  await seedDemoEnterprises(app);
  const { n: have } = await querySingle<{ n: number }>(ds, `SELECT count(*)::int AS n FROM enterprises.enterprises`);
  if (have < N) await bulkLoadEnterprises(ds, N - have, { seed: 4242, batchSize: 100_000, cipher: app.get(PersonalDataCipher) });
  console.log(`enterprises: ${N} loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  t = Date.now();
  const today = todayInChina();
  // ~3 records per enterprise: categories and dates spread so every grade occurs.
  await ds.query(
    `
    INSERT INTO credit.records (enterprise_id, category_code, severity, polarity, occurred_on, publish_until, document_number,
      issuing_department, legal_basis, source, created_by)
    SELECT e.id, c.code, c.severity, c.polarity, d.occurred, d.occurred + c.publication_months * interval '1 month',
           'BENCH-' || k, '市场监督管理局', '《产品质量法》', 'import', 'bench'
      FROM enterprises.enterprises e
      CROSS JOIN LATERAL generate_series(1, (abs(hashtext(e.id::text)) % 5) + 1) AS k
      CROSS JOIN LATERAL (SELECT (ARRAY['sampling_passed','sampling_passed','system_certification','sampling_failed','penalty_general',
             'quality_award','famous_brand','penalty_minor','recall','complaint_substantiated','penalty_heavier','chief_quality_officer'])
             [1 + abs(hashtext(e.id::text || k)) % 12] AS code) pick
      JOIN credit.categories c ON c.code = pick.code
      CROSS JOIN LATERAL (SELECT $1::date - (abs(hashtext(k || e.id::text)) % 1400) AS occurred) d
    ON CONFLICT DO NOTHING`,
    [today],
  );
  const { n: records } = await querySingle<{ n: number }>(ds, `SELECT count(*)::int AS n FROM credit.records`);
  await ds.query(`ANALYZE`);
  console.log(`credit records: ${records} generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  console.log(`RSS before the runs: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const runs = app.get(RegradeRuns);
  for (const label of ['first run', 'second run (idempotent)']) {
    peak = 0;
    t = Date.now();
    const run = await runs.regradeAll(systemActor('bench'), { chunkSize: CHUNK });
    const s = (Date.now() - t) / 1000;
    console.log(
      `${label}: ${run.status}, processed ${run.processed}, changed ${run.changed} in ${s.toFixed(1)} s ` +
        `(${Math.round(run.processed / s)} enterprises/s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
    );
  }
  clearInterval(sampler);
  const dist = await queryRows<{ grade: string; n: number }>(
    ds,
    `SELECT grade, count(*)::int AS n FROM grading.grades WHERE valid_to IS NULL GROUP BY grade ORDER BY grade`,
  );
  console.log('grade distribution:', Object.fromEntries(dist.map((r) => [r.grade, r.n])));

  const credit = app.get(CreditRecordsService);
  const codes: Array<{ org_code: string }> = await ds.query(`SELECT org_code FROM enterprises.enterprises ORDER BY random() LIMIT $1`, [WRITES]);
  const times: number[] = [];
  for (const [i, { org_code }] of codes.entries()) {
    const start = process.hrtime.bigint();
    await credit.create(systemActor('bench'), org_code, {
      categoryCode: 'sampling_failed',
      occurredOn: addMonths(today, -1),
      documentNumber: `BENCH-W-${i}`,
      issuingDepartment: '市场监督管理局',
      legalBasis: '《产品质量法》',
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`single record write incl. regrade: n=${times.length} p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);
  await app.close();
  await stop();
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
