import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bulkLoadEnterprises, EnterpriseImporter, generateEnterpriseCsv, generateEnterpriseRows, PersonalDataCipher } from '#qcr/enterprises';
import { createDataSource, loadAppConfig, runMigrations, startEmbeddedPostgres, systemActor, withDatabase } from '#qcr/platform';
import { registryMigrations, RegistryModule } from '#qcr/registry';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { defined, first } from '../helpers/defined.js';
import { FILE_COLUMNS, importLadder } from './import-ladder.js';

/** A line of EXPLAIN's text output. */
interface QueryPlanLine {
  'QUERY PLAN': string;
}

/**
 * Enterprise figures for issue 3: CSV import of N rows vs a raw COPY of the same file into a bare table of the file's
 * columns (the target's baseline), the cost ladder between the two (import-ladder.ts), bulk generation, and p50/p99 and
 * EXPLAIN ANALYZE of lookup-by-code and name search on the loaded register.
 * npm run build && node dist/test/perf/enterprises-bench.js [N]   (default 1,000,000)
 */
const N = Number(process.argv[2] ?? 1_000_000);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function timeQueries(db: pg.Pool, sql: string, params: unknown[][]): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (const p of params) {
    const t0 = process.hrtime.bigint();
    await db.query(sql, p);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { p50: +pct(ms, 50).toFixed(2), p99: +pct(ms, 99).toFixed(2) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qcr-ent-bench-'));
  chmodSync(dir, 0o755); // initdb runs as the postgres user
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  await server.createDatabase('qcr_bench');
  const url = withDatabase(server.serverUrl, 'qcr_bench');
  const migrator = await createDataSource(url, registryMigrations, 2).initialize();
  await runMigrations(migrator);
  await migrator.destroy();
  // The import's own speed: no requests to yield to here, so no pauses (QCR_BULK_SHARE_PERCENT, docs/performance.md).
  const config = loadAppConfig({
    LOG_LEVEL: 'silent',
    QCR_DATA_DIR: join(dir, 'data', 'pg'),
    QCR_JWT_SECRET: 'bench-'.padEnd(40, 'x'),
    QCR_BULK_SHARE_PERCENT: '100',
  });
  const app = await NestFactory.createApplicationContext(RegistryModule.forRoot(config, url), { logger: false });
  const db = new pg.Pool({ connectionString: url, max: 4 });
  const results: Record<string, unknown> = { rows: N };
  try {
    const file = join(dir, 'enterprises.csv');
    await pipeline(Readable.from(generateEnterpriseCsv(N, 7)), createWriteStream(file));

    // Baseline 1 (the wording): raw COPY of the same file into an empty table of the file's columns, no index.
    const client = await db.connect();
    const copyFile = async (table: string) => {
      const t = Date.now();
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${table} (${FILE_COLUMNS}) FROM STDIN (FORMAT csv, HEADER true)`)));
      return (Date.now() - t) / 1000;
    };
    await db.query(`CREATE TABLE raw_copy (uscc text, org_code text, name text, legal_rep_name text, legal_rep_id text, legal_rep_phone text,
      region_code text, industry_code text, status text, address text, registered_on text)`);
    const rawSeconds = await copyFile('raw_copy');
    client.release();
    await db.query('DROP TABLE raw_copy');
    await db.query('CHECKPOINT');
    // Where the import's time goes: the import's JS work alone, and COPYs of the file into tables that add the registry's
    // storage costs one at a time (the last one built like enterprises.enterprises). Not in any rung: the statement-level
    // triggers (history rows, reference-code check) and the staging/upsert statements, which are the import's own work.
    const known = {
      divisions: new Set((await db.query<{ code: string }>(`SELECT code FROM enterprises.divisions`)).rows.map((r) => r.code)),
      industries: new Set((await db.query<{ code: string }>(`SELECT code FROM enterprises.industries`)).rows.map((r) => r.code)),
    };
    const ladder = await importLadder(db, file, app.get(PersonalDataCipher), known);
    const tableSeconds = defined(ladder[ladder.length - 1], 'the last rung of the import ladder').seconds;

    let t0 = Date.now();
    const summary = await app.get(EnterpriseImporter).importEnterprisesCsv(createReadStream(file), systemActor('bench'), { batchSize: 50_000 });
    const importSeconds = (Date.now() - t0) / 1000;
    results.import = {
      seconds: importSeconds,
      rowsPerSecond: Math.round(N / importSeconds),
      inserted: summary.inserted,
      rejected: summary.rejected,
      rawCopySeconds: rawSeconds,
      rawCopyRowsPerSecond: Math.round(N / rawSeconds),
      ratioToRawCopy: +(rawSeconds / importSeconds).toFixed(3),
      tableCopySeconds: tableSeconds,
      tableCopyRowsPerSecond: Math.round(N / tableSeconds),
      ratioToTableCopy: +(tableSeconds / importSeconds).toFixed(3),
    };
    results.costLadder = [
      { rung: "raw COPY into an empty table of the file's columns (the target's baseline)", seconds: rawSeconds },
      ...ladder,
      { rung: 'the import (EnterpriseImporter, all of the above plus staging, upsert, history rows)', seconds: importSeconds },
    ].map((r) => ({ ...r, seconds: +r.seconds.toFixed(2), rowsPerSecond: Math.round(N / r.seconds), ratioToRawCopy: +(rawSeconds / r.seconds).toFixed(3) }));
    t0 = Date.now();
    const reimport = await app.get(EnterpriseImporter).importEnterprisesCsv(createReadStream(file), systemActor('bench'), { batchSize: 50_000 });
    results.reimport = { seconds: (Date.now() - t0) / 1000, unchanged: reimport.unchanged, inserted: reimport.inserted, updated: reimport.updated };

    const bulk = await bulkLoadEnterprises(app.get<DataSource>(getDataSourceToken()), N, { seed: 8, cipher: app.get(PersonalDataCipher) });
    results.bulkLoad = { rows: N, seconds: bulk.seconds, rowsPerSecond: Math.round(N / bulk.seconds), inserted: bulk.inserted };
    await db.query('ANALYZE enterprises.enterprises');

    const sample = [...generateEnterpriseRows(2_000, 7)].filter((_, i) => i % 2 === 0);
    results.lookupByUscc = await timeQueries(
      db,
      `SELECT id FROM enterprises.enterprises e WHERE e.uscc = $1 OR (e.uscc IS NULL AND e.org_code = substr($1, 9, 9))`,
      sample.filter((r) => r.uscc).map((r) => [r.uscc]),
    );
    results.lookupByOrgCode = await timeQueries(
      db,
      `SELECT id FROM enterprises.enterprises WHERE org_code = $1`,
      sample.map((r) => [r.orgCode]),
    );
    const fragments = sample.slice(0, 300).map((r) => [`%${r.name.slice(2, 6)}%`, r.name.slice(2, 6)]);
    results.nameSearch = await timeQueries(
      db,
      `SELECT id, name FROM enterprises.enterprises e WHERE e.name ILIKE $1 OR e.name % $2
        ORDER BY (CASE WHEN e.name ILIKE $1 THEN 500 ELSE 0 END + round(similarity(e.name, $2) * 100))::int DESC, e.id LIMIT 21`,
      fragments,
    );
    const plan = await db.query<QueryPlanLine>(`EXPLAIN ANALYZE SELECT id FROM enterprises.enterprises WHERE org_code = $1`, [first(sample).orgCode]);
    const searchPlan = await db.query<QueryPlanLine>(
      `EXPLAIN ANALYZE SELECT id FROM enterprises.enterprises e WHERE e.name ILIKE $1 OR e.name % $2 LIMIT 21`,
      fragments[0],
    );
    results.plans = {
      lookup: plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
      search: searchPlan.rows.map((r) => r['QUERY PLAN']).join('\n'),
    };
    console.log(JSON.stringify(results, null, 2));
    console.log(`\n| ${N.toLocaleString('en-US')} rows: rung | s | rows/s | ratio to raw COPY |\n|---|---|---|---|`);
    for (const r of results.costLadder as Array<{ rung: string; seconds: number; rowsPerSecond: number; ratioToRawCopy: number }>) {
      console.log(`| ${r.rung} | ${r.seconds} | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.ratioToRawCopy}× |`);
    }
  } finally {
    await db.end();
    await app.close();
    await server.stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
