import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '#qcr/platform';
import { BenchDataGenerator } from './data.js';
import { migrate, openBenchDatabase } from './database.js';
import type { LoadResult } from './load-runner.js';
import { parseOptions } from './options.js';
import { runLoad, sampleRss, startApi } from './processes.js';
import { markdownTable, ratioText, type Row } from './report.js';
import { type BenchContext, PURPOSE, writeImportCsv } from './scenarios.js';
import { fmt, median } from './stats.js';

/**
 * Issue 25: a bulk import must not starve checks. Single checks at a moderate load (4 connections, well below
 * saturation: the question is priority, not capacity) are measured idle, then in 5 s windows while a CSV import of
 * `rows` enterprises runs through the API; the API's RSS is sampled throughout. Targets: the p99 of the windows
 * during the import ≤ 2× the idle p99 (median and worst window both reported), RSS ≤ 300 MB.
 *
 * In `npm run bench` (bench.ts) it runs after the import scenario on the bench's data set. Alone, on its own
 * embedded PostgreSQL with `base` enterprises:
 *   npm run build && node dist/test/perf/import-under-load.js [rows=50000] [base=20000]
 */
const CONNECTIONS = 4;
const WINDOW_S = 5;

/** What the API's memory is made of at one moment: V8 heap, external (Buffers), and the process's file-backed pages. */
interface MemorySample {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  /** code and other mapped files (/proc RssFile), the rest of RSS being anonymous memory */
  fileMb: number;
}

/** The API's event-loop delay over one second (prom-client resets its monitorEventLoopDelay histogram at each scrape). */
interface LoopDelaySample {
  p99Ms: number;
  maxMs: number;
}

/**
 * Samples /metrics (prom-client's default process metrics, admin token) and /proc every second; keeps the sample at
 * peak RSS and every second's event-loop delay (p99 and max): how long the API's one thread was busy with something
 * else when a check arrived.
 */
function sampleMemory(url: string, token: string, pid: number): { stop(): { peak: MemorySample | null; loop: LoopDelaySample[] } } {
  let peak: MemorySample | null = null;
  const loop: LoopDelaySample[] = [];
  const value = (text: string, name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  const mb = (text: string, name: string) => value(text, name) / 2 ** 20;
  const timer = setInterval(
    () =>
      void (async () => {
        try {
          const text = await (await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) / 1024;
          const sample = {
            rssMb: kb('VmRSS'),
            heapTotalMb: mb(text, 'qcr_nodejs_heap_size_total_bytes'),
            heapUsedMb: mb(text, 'qcr_nodejs_heap_size_used_bytes'),
            externalMb: mb(text, 'qcr_nodejs_external_memory_bytes'),
            fileMb: kb('RssFile'),
          };
          if (!peak || sample.rssMb > peak.rssMb) peak = sample;
          const p99Ms = value(text, 'qcr_nodejs_eventloop_lag_p99_seconds') * 1000;
          const maxMs = value(text, 'qcr_nodejs_eventloop_lag_max_seconds') * 1000;
          if (Number.isFinite(p99Ms) && Number.isFinite(maxMs)) loop.push({ p99Ms, maxMs });
        } catch {
          // the API busy or gone: the next second tells
        }
      })(),
    1_000,
  );
  return { stop: () => (clearInterval(timer), { peak, loop }) };
}

/** CPU seconds (user + system) of a process, or of one of its threads (`/proc/<pid>/task/<tid>/stat`). */
function cpuSeconds(pid: number, tid?: number): number {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after the command name, which may hold spaces
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
}

/**
 * The import as a multipart upload over node:http, without a response timeout: fetch gives up after 300 s without
 * response headers (undici's headersTimeout), and on a shared, saturated machine a 200k-row import can take longer.
 */
function postImport(url: string, token: string, csv: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const boundary = `qcr${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-under-load.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const body = Buffer.concat([head, csv, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
        } catch {
          // not JSON: the status tells
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.end(body);
  });
}

/** GC time by kind (prom-client's gc histogram, seconds and count) from one /metrics text. */
function gcTotals(text: string): Record<string, { s: number; n: number }> {
  const totals: Record<string, { s: number; n: number }> = {};
  for (const m of text.matchAll(/^qcr_nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} ([0-9.e+-]+)/gm)) {
    const t = (totals[m[2]!] ??= { s: 0, n: 0 });
    if (m[1] === 'sum') t.s = Number(m[3]);
    else t.n = Number(m[3]);
  }
  return totals;
}

/** What PostgreSQL's backends are doing during the import, sampled each second: counts of state / wait / query head. */
function sampleActivity(pool: pg.Pool): { stop(): Array<[string, number]> } {
  const counts = new Map<string, number>();
  const timer = setInterval(
    () =>
      void pool
        .query<{ k: string }>(
          `SELECT coalesce(backend_type,'') || ' | ' || coalesce(state,'') || ' | ' || coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 50) AS k
             FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (state IS NULL OR state <> 'idle')`,
        )
        .then(
          ({ rows }) => rows.forEach((r) => counts.set(r.k, (counts.get(r.k) ?? 0) + 1)),
          () => undefined,
        ),
    1_000,
  );
  return { stop: () => (clearInterval(timer), [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) };
}

async function metricsText(ctx: BenchContext): Promise<string> {
  return (await fetch(`${ctx.api.url}/metrics`, { headers: { Authorization: `Bearer ${ctx.tokens.admin}` } })).text();
}

export async function importUnderLoad(ctx: BenchContext, file: string, rows: number, codes: string[]): Promise<Row[]> {
  const paths = codes.map((c) => `/api/v1/checks/${encodeURIComponent(c)}?purpose=${PURPOSE}`);
  const headers = { 'X-API-Key': ctx.apiKey };
  const load = (duration: number) => runLoad({ url: ctx.api.url, paths, headers, duration, connections: CONNECTIONS });
  await load(3); // warm-up
  const idleRuns: LoadResult[] = [];
  for (let i = 0; i < 2; i++) idleRuns.push(await load(WINDOW_S));
  const idleP99 = median(idleRuns.map((r) => r.p99));
  const idleP50 = median(idleRuns.map((r) => r.p50));
  ctx.log(`import under load: idle check p50 ${idleP50} ms, p99 ${idleP99} ms`);

  const rss = sampleRss(ctx.api.child.pid!);
  const memory = sampleMemory(ctx.api.url, ctx.tokens.admin, ctx.api.child.pid!);
  const pid = ctx.api.child.pid!;
  const gcBefore = gcTotals(await metricsText(ctx));
  const activity = sampleActivity(ctx.pool);
  const cpuBefore = { process: cpuSeconds(pid), main: cpuSeconds(pid, pid) };
  const started = performance.now();
  let done = false;
  const importing = postImport(`${ctx.api.url}/api/v1/enterprises/imports`, ctx.tokens.registrar, await readFile(file)).finally(() => (done = true));
  const windows: LoadResult[] = [];
  while (!done) windows.push(await load(WINDOW_S));
  const result = await importing;
  const seconds = (performance.now() - started) / 1000;
  // the main thread's CPU is what delays checks (the thread answering them); the rest is worker threads and libuv's pool
  const cpu = { process: cpuSeconds(pid) - cpuBefore.process, main: cpuSeconds(pid, pid) - cpuBefore.main };
  const peakRss = rss.stop();
  const gcAfter = gcTotals(await metricsText(ctx));
  const gc = Object.entries(gcAfter).map(([k, v]) => `${k} ${v.n - (gcBefore[k]?.n ?? 0)}× ${fmt(v.s - (gcBefore[k]?.s ?? 0))} s`);
  ctx.log(`import under load: API GC during the import: ${gc.join(', ')}`);
  for (const [k, n] of activity.stop()) ctx.log(`import under load: pg_stat_activity ${n}× ${k}`);
  const { peak: atPeak, loop } = memory.stop();
  const loopP99 = median(loop.map((l) => l.p99Ms));
  const loopMax = Math.max(0, ...loop.map((l) => l.maxMs));
  const rowsPerSecond = Math.round(rows / seconds);
  if (result.status >= 300) throw new Error(`import answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
  // The last window may run mostly after the import ended; it still counts (conservative: it only adds idle time).
  const p99s = windows.map((w) => w.p99);
  const medianP99 = median(p99s);
  const worstP99 = Math.max(...p99s);
  const errors = windows.reduce((a, w) => a + w.non2xx + w.errors + w.timeouts, 0);
  ctx.log(`import under load: ${rows} rows in ${fmt(seconds)} s (${rowsPerSecond} rows/s); window p99s ${p99s.join(', ')} ms; peak RSS ${fmt(peakRss)} MB`);
  ctx.log(`import under load: API CPU during the import (checks included): ${fmt(cpu.process)} s, of which the main thread ${fmt(cpu.main)} s`);
  ctx.log(
    `import under load: API event-loop delay during the import, per second: median p99 ${fmt(loopP99)} ms, worst p99 ${fmt(Math.max(0, ...loop.map((l) => l.p99Ms)))} ms, max ${fmt(loopMax)} ms (${loop.length} samples)`,
  );
  const breakdown = atPeak
    ? `; at the highest 1 s sample (${fmt(atPeak.rssMb)} MB): V8 heap ${fmt(atPeak.heapTotalMb)} MB (${fmt(atPeak.heapUsedMb)} used), external ${fmt(atPeak.externalMb)} MB, file-backed (code) ${fmt(atPeak.fileMb)} MB`
    : '';
  ctx.log(`import under load: memory${breakdown || ' breakdown not sampled'}`);
  const label = `check p99 during a ${rows.toLocaleString('en-US')}-row import`;
  return [
    {
      scenario: label,
      figure:
        `median window p99 ${fmt(medianP99)} ms, worst ${fmt(worstP99)} ms (${windows.length} × ${WINDOW_S} s; import ${fmt(seconds)} s, ${rowsPerSecond} rows/s; ` +
        `API event-loop delay p99 ${fmt(loopP99)} ms, max ${fmt(loopMax)} ms; API main thread CPU ${fmt(cpu.main)} s of ${fmt(cpu.process)} s)${errors ? `, ${errors} non-2xx/errors` : ''}`,
      baseline: `idle p99 ${fmt(idleP99)} ms (p50 ${fmt(idleP50)} ms), ${CONNECTIONS} connections`,
      ratio: `${ratioText(medianP99 / idleP99)} (worst ${ratioText(worstP99 / idleP99)})`,
      target: '≤ 2× idle',
      verdict: errors === 0 && medianP99 <= 2 * idleP99 ? 'pass' : 'fail',
      data: { idleRuns, windows, seconds, rowsPerSecond, loop, cpu, import: result.body },
    },
    {
      scenario: `API RSS during the ${rows.toLocaleString('en-US')}-row import under check load`,
      figure: `${fmt(peakRss)} MB peak${breakdown}`,
      baseline: '—',
      ratio: '—',
      target: '≤ 300 MB',
      verdict: peakRss <= 300 ? 'pass' : 'fail',
      data: { atPeak },
    },
  ];
}

/** Standalone: its own database, `base` enterprises, the built API as `npm start` runs it. */
async function standalone(rows: number, base: number): Promise<void> {
  const log = (s: string) => process.stderr.write(`[import-under-load ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  const opts = { ...parseOptions(['--quick']), importRows: rows };
  const db = await openBenchDatabase(undefined, false, log);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // idle connections end with the database at the end
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    await migrate(db.url);
    const gen = new BenchDataGenerator(pool, opts);
    await gen.available();
    await gen.growTo(base);
    const password = randomBytes(12).toString('hex');
    const apiKey = `qcr_BENCHKEY_${randomBytes(24).toString('hex')}`;
    api = await startApi(
      {
        DATABASE_URL: db.url,
        QCR_DATA_DIR: join(tmpdir(), `qcr-iul-${process.pid}`, 'pg'),
        QCR_SEED_DEMO: 'true',
        QCR_DEMO_PASSWORD: password,
        QCR_DEMO_API_KEY: apiKey,
        QCR_JWT_SECRET: randomBytes(32).toString('hex'),
        QCR_RATE_LIMIT_PER_MINUTE: '100000000',
        LOG_LEVEL: 'warn',
        QCR_REQUEST_TIMEOUT_MS: '3600000',
        QCR_PII_KEY: `b1:${randomBytes(32).toString('base64')}`,
        QCR_AUDIT_KEY: `b1:${randomBytes(32).toString('base64')}`,
      },
      await freePort(),
      log,
    );
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'registrar', password }),
    });
    const registrarToken = ((await login.json()) as { accessToken: string }).accessToken;
    const adminLogin = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const adminToken = ((await adminLogin.json()) as { accessToken: string }).accessToken;
    for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      if ((await fetch(`${api.url}/api/v1/auth/me`, { headers: { 'X-API-Key': apiKey } })).status !== 401) break; // key cache warm
    }
    const ctx = { opts, api, pool, apiKey, tokens: { registrar: registrarToken, admin: adminToken }, log } as unknown as BenchContext;
    const file = join(tmpdir(), `qcr-iul-${process.pid}.csv`);
    writeImportCsv(file, await gen.importRows(rows));
    const result = await importUnderLoad(ctx, file, rows, await gen.sampleCodes(Math.min(base, 10_000)));
    console.log(markdownTable(result));
    // On-disk bytes per logged check (docs/scale.md sizing): the rows the load above logged, heap + indexes + TOAST.
    await new Promise((r) => setTimeout(r, 1_500)); // the last check-log flush
    const {
      rows: [checkLog],
    } = await pool.query<{ n: number; bytes: string }>(
      `SELECT count(*)::int AS n, pg_total_relation_size('measures.checks')::text AS bytes FROM measures.checks`,
    );
    log(`check log: ${checkLog?.n} rows, ${checkLog?.n ? Math.round(Number(checkLog.bytes) / checkLog.n) : '—'} bytes a row on disk`);
    const brief = (data: Row['data']) => (data && 'windows' in data ? { windows: (data as { windows: LoadResult[] }).windows.map((w) => w.p99) } : data);
    console.log(JSON.stringify(result.map((r) => ({ ...r, data: brief(r.data) }))));
  } finally {
    await api?.stop();
    await pool.end();
    await db.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  standalone(Number(process.argv[2] ?? 50_000), Number(process.argv[3] ?? 20_000)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
