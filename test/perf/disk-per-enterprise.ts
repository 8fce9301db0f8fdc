import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { defined, first } from '../helpers/defined.js';
import { BenchDataGenerator } from './data.js';
import { migrate, openBenchDatabase } from './database.js';
import { parseOptions } from './options.js';

/**
 * On-disk bytes per enterprise (issue 22, docs/scale.md sizing): the bench's data shape (credit records per
 * enterprise, 1 % listed, legal representatives as persons) grown to each point, a full regrade through the CLI
 * (grades and their history), then `pg_total_relation_size` (heap + indexes + TOAST) summed per schema.
 *   npm run build && node dist/test/perf/disk-per-enterprise.js [100000,300000]
 */
const here = fileURLToPath(new URL('.', import.meta.url));

async function sizes(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ schema: string; bytes: string }>(
    `SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid))::bigint::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      GROUP BY 1 ORDER BY 1`,
  );
  const out: Record<string, number> = Object.fromEntries(rows.map((r) => [r.schema, Number(r.bytes)]));
  out['(database)'] = Number(first((await pool.query<{ b: string }>(`SELECT pg_database_size(current_database())::text AS b`)).rows).b);
  return out;
}

async function main(points: number[]): Promise<void> {
  const log = (s: string) => process.stderr.write(`[disk ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  const db = await openBenchDatabase(undefined, false, log);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  const keys = { QCR_PII_KEY: `d1:${randomBytes(32).toString('base64')}`, QCR_AUDIT_KEY: `d1:${randomBytes(32).toString('base64')}` };
  const results: Array<{ enterprises: number; counts: Record<string, number>; bytes: Record<string, number> }> = [];
  try {
    await migrate(db.url);
    const gen = new BenchDataGenerator(pool, parseOptions(['--quick']));
    await gen.available();
    for (const n of points) {
      const loaded = await gen.growTo(n);
      log(`grown to ${n}: ${JSON.stringify(loaded)}; regrading through the CLI`);
      execFileSync(process.execPath, [resolve(here, '../../apps/cli/src/main.js'), 'regrade'], {
        env: { ...process.env, ...keys, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await pool.query('VACUUM ANALYZE');
      const { rows } = await pool.query<{ enterprises: number; creditRecords: number; grades: number; persons: number }>(
        `SELECT (SELECT count(*) FROM enterprises.enterprises)::int AS enterprises, (SELECT count(*) FROM credit.records)::int AS "creditRecords",
                (SELECT count(*) FROM grading.grades)::int AS grades, (SELECT count(*) FROM enterprises.persons)::int AS persons`,
      );
      const bytes = await sizes(pool);
      const counts = first(rows);
      results.push({ enterprises: counts.enterprises, counts, bytes });
      log(`${n}: ${JSON.stringify(rows[0])} ${JSON.stringify(bytes)}`);
    }
    console.log(JSON.stringify(results, null, 1));
    if (results.length > 1) {
      const [a, b] = [first(results), defined(results[results.length - 1], 'the last result')];
      const per = (k: string) => ((b.bytes[k] ?? 0) - (a.bytes[k] ?? 0)) / (b.enterprises - a.enterprises);
      console.log('marginal bytes per enterprise', JSON.stringify(Object.fromEntries(Object.keys(b.bytes).map((k) => [k, Math.round(per(k))]))));
    }
  } finally {
    await pool.end();
    await db.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main((process.argv[2] ?? '100000,300000').split(',').map(Number)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
