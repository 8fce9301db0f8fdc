import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { LoadResult } from './load-runner.js';
import type { BenchOptions } from './options.js';
import { runLoad, sampleRss, type Server } from './processes.js';
import { errorsNote, notAvailable, ratioText, type Row } from './report.js';
import { fmt, median } from './stats.js';

export interface BenchContext {
  opts: BenchOptions;
  api: Server;
  /** floor-server.ts: the btree probe, the one-statement check and its batch form */
  floor: Server;
  pool: pg.Pool;
  apiKey: string;
  /** staff tokens for the writes the bench makes the way production makes them */
  tokens: { grader: string; registrar: string; officer: string; reviewer: string; admin: string };
  openapi: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; 'x-access'?: { kind: string } }>> };
  enterprises: () => number;
  log: (s: string) => void;
}

export const PURPOSE = 'government_procurement';

export function hasOperation(ctx: BenchContext, method: string, path: string): boolean {
  return !!ctx.openapi.paths[path]?.[method];
}

/** The GET route of one item under `collection` (`…/runs/{id}`), whatever its parameter is called. */
function itemRoute(ctx: BenchContext, collection: string): boolean {
  return Object.entries(ctx.openapi.paths).some(([p, ops]) => ops.get && new RegExp(`^${collection}/\\{[^}]+\\}$`).test(p));
}

interface LoadFigures extends LoadResult {
  peakRssMb: number;
}

/** Warm-up, then `runs` measured runs; medians of each figure, the sum of non-2xx, the peak RSS of `pid`. */
export async function measureLoad(ctx: BenchContext, url: string, paths: string[], headers: Record<string, string>, pid?: number): Promise<LoadFigures> {
  const { opts } = ctx;
  await runLoad({ url, paths, headers, duration: opts.warmup, connections: opts.connections });
  const runs: LoadResult[] = [];
  const rss = pid ? sampleRss(pid) : null;
  for (let i = 0; i < opts.runs; i++) runs.push(await runLoad({ url, paths, headers, duration: opts.duration, connections: opts.connections }));
  return summarise(runs, rss ? rss.stop() : NaN);
}

function summarise(runs: LoadResult[], peakRssMb: number): LoadFigures {
  return {
    requestsPerSec: median(runs.map((r) => r.requestsPerSec)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    total: runs.reduce((a, r) => a + r.total, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    peakRssMb,
  };
}

/** Scenario 5: public name search, p50/p99 under load (no baseline: reported). */
export async function nameSearch(ctx: BenchContext, queries: string[]): Promise<Row[]> {
  const found = Object.entries(ctx.openapi.paths).flatMap(([path, ops]) => {
    const op = ops.get;
    const param = op?.parameters?.find((p) => p.in === 'query' && ['q', 'name', 'query', 'keyword', 'search'].includes(p.name));
    return op?.['x-access']?.kind === 'public' && /enterprises/.test(path) && !path.includes('{') && param ? [{ path, param: param.name }] : [];
  })[0];
  if (!found) return [notAvailable('public name search', 'no public enterprise search route in this build')];
  const paths = queries.map((q) => `${found.path}?${found.param}=${encodeURIComponent(q)}`);
  const probe = await fetch(`${ctx.api.url}${paths[0]}`);
  if (probe.status !== 200) return [notAvailable('public name search', `${found.path} answered ${probe.status}`)];
  const f = await measureLoad(ctx, ctx.api.url, paths, {});
  return [
    {
      scenario: `public name search (${found.path})`,
      figure: `p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms, ${fmt(f.requestsPerSec)} req/s${errorsNote(f)}`,
      baseline: '—',
      ratio: '—',
      target: 'report',
      verdict: 'report',
      data: { ...f },
    },
  ];
}

async function poll(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url, { headers });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (!['queued', 'pending', 'running', 'in_progress', 'started'].includes(String(body.status))) return body;
    if (Date.now() > deadline) throw new Error(`not finished after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Scenario 4: full regrade through POST /api/v1/grading/runs (as the grader): seconds, enterprises/s, peak RSS. */
export async function fullRegrade(ctx: BenchContext, label: string): Promise<Row> {
  const target = '1M in ≤ 120 s (≥ 8,334 enterprises/s)';
  if (!hasOperation(ctx, 'post', '/api/v1/grading/runs')) return notAvailable(label, 'POST /api/v1/grading/runs is not in this build', target);
  const headers = { Authorization: `Bearer ${ctx.tokens.grader}`, 'Content-Type': 'application/json' };
  const rss = sampleRss(ctx.api.child.pid!);
  const t = performance.now();
  try {
    const res = await fetch(`${ctx.api.url}/api/v1/grading/runs`, { method: 'POST', headers, body: '{}' });
    const started = (await res.json().catch(() => ({}))) as { id?: string } & Record<string, unknown>;
    if (res.status >= 300) throw new Error(`POST /api/v1/grading/runs answered ${res.status}: ${JSON.stringify(started).slice(0, 200)}`);
    const done =
      started.id && itemRoute(ctx, '/api/v1/grading/runs') ? await poll(`${ctx.api.url}/api/v1/grading/runs/${started.id}`, headers, 60 * 60_000) : started;
    const seconds = (performance.now() - t) / 1000;
    const peak = rss.stop();
    const n = Number(done.total ?? done.processed) || ctx.enterprises();
    const perSec = n / seconds;
    return {
      scenario: label,
      figure: `${fmt(seconds)} s, ${fmt(perSec)} enterprises/s, peak RSS ${fmt(peak)} MB (status ${String(done.status)})`,
      baseline: '—',
      ratio: '—',
      target,
      verdict: perSec >= 1_000_000 / 120 && !/fail/i.test(String(done.status)) ? 'pass' : 'fail',
      data: { seconds, enterprises: n, peakRssMb: peak, run: done },
    };
  } catch (err) {
    rss.stop();
    return notAvailable(label, (err as Error).message, target);
  }
}

/** Columns of the import CSV (docs/…: the provincial export columns); raw COPY loads the same file. */
const IMPORT_HEADER = ['uscc', 'org_code', 'name', 'region_code', 'industry_code', 'registered_on', 'status'];

/** Scenario 3: CSV import through the API vs raw COPY of the same file into an empty table. */
export async function csvImport(ctx: BenchContext, file: string, rows: number): Promise<Row> {
  const label = `CSV import (${rows.toLocaleString('en-US')} enterprises)`;
  const target = '≥ 0.5× raw COPY';
  if (!hasOperation(ctx, 'post', '/api/v1/enterprises/imports')) return notAvailable(label, 'POST /api/v1/enterprises/imports is not in this build', target);
  const client = await ctx.pool.connect();
  let copySeconds: number;
  try {
    await client.query(`DROP TABLE IF EXISTS bench_copy_target`);
    await client.query(`CREATE UNLOGGED TABLE bench_copy_target (${IMPORT_HEADER.map((c) => `${c} text`).join(', ')})`);
    const t = performance.now();
    await pipeline(createReadStream(file), client.query(copyStreams.from(`COPY bench_copy_target FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    copySeconds = (performance.now() - t) / 1000;
    await client.query(`DROP TABLE bench_copy_target`);
  } finally {
    client.release();
  }
  try {
    const form = new FormData();
    form.append('file', new Blob([await readFile(file)], { type: 'text/csv' }), 'bench-enterprises.csv');
    const headers = { Authorization: `Bearer ${ctx.tokens.registrar}` };
    const t = performance.now();
    const res = await fetch(`${ctx.api.url}/api/v1/enterprises/imports`, { method: 'POST', headers, body: form });
    const job = (await res.json().catch(() => ({}))) as { id?: string } & Record<string, unknown>;
    if (res.status >= 300) throw new Error(`import answered ${res.status}: ${JSON.stringify(job).slice(0, 200)}`);
    const done =
      job.id && itemRoute(ctx, '/api/v1/enterprises/imports') ? await poll(`${ctx.api.url}/api/v1/enterprises/imports/${job.id}`, headers, 60 * 60_000) : job;
    const seconds = (performance.now() - t) / 1000;
    const ratio = copySeconds / seconds;
    const landed = Number(done.inserted ?? NaN) + Number(done.updated ?? 0) + Number(done.unchanged ?? 0);
    if (landed !== rows) throw new Error(`import finished but accounts for ${landed} of ${rows} rows: ${JSON.stringify(done).slice(0, 200)}`);
    return {
      scenario: label,
      figure: `${fmt(rows / seconds)} rows/s (${fmt(seconds)} s)`,
      baseline: `${fmt(rows / copySeconds)} rows/s raw COPY (${fmt(copySeconds)} s, ${fmt(statSync(file).size / 1e6)} MB)`,
      ratio: ratioText(ratio),
      target,
      verdict: ratio >= 0.5 ? 'pass' : 'fail',
      data: { seconds, copySeconds, job: done },
    };
  } catch (err) {
    return notAvailable(label, (err as Error).message, target);
  }
}

/** A CSV of `rows` new enterprises (codes not yet in the database) in IMPORT_HEADER order. */
export function writeImportCsv(file: string, rows: Array<string[]>): void {
  writeFileSync(
    file,
    [IMPORT_HEADER.join(','), ...rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\n') + '\n',
  );
}
