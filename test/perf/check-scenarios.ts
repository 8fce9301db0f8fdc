import type { LoadResult } from './load-runner.js';
import { runLoad, sampleRss } from './processes.js';
import { errorsNote, notAvailable, ratioText, type Row } from './report.js';
import { type BenchContext, hasOperation, PURPOSE } from './scenarios.js';
import { defined, first } from '../helpers/defined.js';
import { fmt, median } from './stats.js';

/**
 * The check measured against its floors (floor-server.ts), in turns: every target gets a warm-up,
 * then runs A, B, C, A, B, C, …, so all see the same machine state; ratios are taken per turn and the
 * median turn ratio is reported, every run kept in the JSON. On this shared 2-core machine one target
 * alone varied ±30 % between runs minutes apart; a turn's targets ran seconds apart.
 */
export interface LoadTarget {
  name: string;
  url: string;
  paths: string[];
  headers: Record<string, string>;
  /** POST bodies, one per path (see LoadSpec.bodies) */
  bodies?: string[];
  pid?: number;
}

export interface Figures extends LoadResult {
  peakRssMb: number;
}

function summarise(runs: LoadResult[], peakRssMb = NaN): Figures {
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

/** One entry per target, in the targets' order: a tuple when the targets are written as one, so `[a, b] = figures` needs no check. */
type PerTarget<T extends readonly LoadTarget[], V> = { [K in keyof T]: V };

export interface TurnResult<T extends readonly LoadTarget[] = LoadTarget[]> {
  figures: PerTarget<T, Figures>;
  runs: PerTarget<T, LoadResult[]>;
  /** median over turns of figures[i] / figures[j] */
  ratio(i: number, j: number, of: 'requestsPerSec' | 'p50' | 'p99'): number;
}

export async function measureInTurns<const T extends readonly LoadTarget[]>(ctx: BenchContext, targets: T): Promise<TurnResult<T>> {
  const { opts } = ctx;
  const load = (t: LoadTarget, duration: number) =>
    runLoad({ url: t.url, paths: t.paths, headers: t.headers, bodies: t.bodies, duration, connections: opts.connections });
  for (const t of targets) await load(t, opts.warmup);
  const turns = targets.map((target) => ({ target, rss: target.pid ? sampleRss(target.pid) : null, runs: [] as LoadResult[] }));
  for (let i = 0; i < opts.runs; i++) for (const turn of turns) turn.runs.push(await load(turn.target, opts.duration));
  const runs = turns.map((turn) => turn.runs);
  const figures = turns.map((turn) => summarise(turn.runs, turn.rss?.stop()));
  const runsOf = (k: number) => defined(runs[k], `target ${k} of ${runs.length}`);
  return {
    // map keeps the targets' order and count, which is what the per-target tuple type says
    figures: figures as PerTarget<T, Figures>,
    runs: runs as PerTarget<T, LoadResult[]>,
    ratio: (i, j, of) => median(runsOf(i).map((r, turn) => r[of] / defined(runsOf(j)[turn], `turn ${turn} of target ${j}`)[of])),
  };
}

const apiPaths = (codes: string[], query = '') => codes.map((c) => `/api/v1/checks/${encodeURIComponent(c)}?purpose=${PURPOSE}${query}`);

export function apiTarget(ctx: BenchContext, codes: string[], query = '', name = 'API check'): LoadTarget {
  return { name, url: ctx.api.url, paths: apiPaths(codes, query), headers: { 'X-API-Key': ctx.apiKey }, pid: ctx.api.child.pid };
}

export function floorTarget(ctx: BenchContext, codes: string[], kind: 'check' | 'probe', query = ''): LoadTarget {
  const paths = codes.map((c) => `/${kind}/${encodeURIComponent(c)}?purpose=${PURPOSE}${query}`);
  return { name: kind === 'check' ? 'one-statement check' : 'btree probe', url: ctx.floor.url, paths, headers: {} };
}

/** One check answered 200? Otherwise the scenario is reported as not available, with the status seen. */
export async function probeCheck(ctx: BenchContext, code: string): Promise<string | null> {
  if (!hasOperation(ctx, 'get', '/api/v1/checks/{code}')) return 'GET /api/v1/checks/{code} is not in this build';
  const res = await fetch(`${ctx.api.url}${apiPaths([code])[0]}`, { headers: { 'X-API-Key': ctx.apiKey } });
  return res.status === 200 ? null : `check answered ${res.status}: ${(await res.text()).slice(0, 120)}`;
}

/**
 * Scenario 1: the single check (key auth, validation, measures, receipt, check log) against the
 * one-statement check and the btree probe, in turns; the API's RSS under that load.
 */
export async function singleCheck(ctx: BenchContext, codes: string[], label = 'single check'): Promise<{ rows: Row[]; api?: Figures; vsFloor?: number }> {
  const why = await probeCheck(ctx, first(codes, 'a code to check'));
  if (why) return { rows: [notAvailable(`${label}: throughput`, why, '≥ 0.5× one-statement check')] };
  const m = await measureInTurns(ctx, [apiTarget(ctx, codes), floorTarget(ctx, codes, 'check'), floorTarget(ctx, codes, 'probe')]);
  const [api, floor, probe] = m.figures;
  const clean = api.non2xx + api.errors === 0;
  const vsFloor = m.ratio(0, 1, 'requestsPerSec');
  const vsProbe = m.ratio(0, 2, 'requestsPerSec');
  const p99 = m.ratio(0, 1, 'p99');
  const runs = m.runs[0].map((r, i) => ({ api: r, floorCheck: m.runs[1][i], probe: m.runs[2][i] }));
  return {
    api,
    vsFloor,
    rows: [
      {
        scenario: `${label}: throughput vs one-statement check`,
        figure: `${fmt(api.requestsPerSec)} req/s${errorsNote(api)}`,
        baseline: `${fmt(floor.requestsPerSec)} req/s`,
        ratio: ratioText(vsFloor),
        target: '≥ 0.5×',
        verdict: clean && vsFloor >= 0.5 ? 'pass' : 'fail',
        data: { api, floor, probe, runs },
      },
      {
        scenario: `${label}: throughput vs btree probe`,
        figure: `${fmt(api.requestsPerSec)} req/s`,
        baseline: `${fmt(probe.requestsPerSec)} req/s`,
        ratio: ratioText(vsProbe),
        target: '≥ 0.4×',
        verdict: clean && vsProbe >= 0.4 ? 'pass' : 'fail',
      },
      {
        scenario: `${label}: latency vs one-statement check`,
        figure: `p50 ${fmt(api.p50, 2)} ms, p99 ${fmt(api.p99, 2)} ms`,
        baseline: `p50 ${fmt(floor.p50, 2)} ms, p99 ${fmt(floor.p99, 2)} ms`,
        ratio: `p99 ${ratioText(p99)}`,
        target: 'p99 ≤ 3×',
        verdict: clean && p99 <= 3 ? 'pass' : 'fail',
      },
      {
        scenario: `API RSS under check load (${label})`,
        figure: `${fmt(api.peakRssMb)} MB peak`,
        baseline: '—',
        ratio: '—',
        target: '≤ 300 MB',
        verdict: api.peakRssMb <= 300 ? 'pass' : 'fail',
      },
    ],
  };
}

/** A check as of a past date against today's check, in turns (the history read must cost what today's does). */
export async function pastDateCheck(ctx: BenchContext, codes: string[], asOf: string): Promise<Row> {
  const m = await measureInTurns(ctx, [apiTarget(ctx, codes, `&asOf=${asOf}`, 'API check asOf'), apiTarget(ctx, codes)]);
  const r = m.ratio(0, 1, 'requestsPerSec');
  const [past, today] = m.figures;
  return {
    scenario: `check asOf ${asOf} vs today's check`,
    figure: `${fmt(past.requestsPerSec)} req/s, p99 ${fmt(past.p99, 2)} ms${errorsNote(past)}`,
    baseline: `${fmt(today.requestsPerSec)} req/s, p99 ${fmt(today.p99, 2)} ms`,
    ratio: ratioText(r),
    target: '≥ 0.9× (within 10 %)',
    verdict: past.non2xx + past.errors === 0 && r >= 0.9 ? 'pass' : 'fail',
    data: { past, today, runs: m.runs },
  };
}

/** The check's ratio to its floor after more production-style writes, against the same ratio before them. */
export function afterWritesRow(label: string, before: number | undefined, after: { vsFloor?: number; api?: Figures }): Row {
  if (before === undefined || after.vsFloor === undefined) return notAvailable(label, 'check not available', 'within 10 % of the first ratio');
  const r = after.vsFloor / before;
  return {
    scenario: label,
    figure: `${ratioText(after.vsFloor)} of the one-statement check (${fmt(after.api?.requestsPerSec)} req/s)`,
    baseline: `${ratioText(before)} before`,
    ratio: ratioText(r),
    target: '≥ 0.9× (within 10 %)',
    verdict: r >= 0.9 ? 'pass' : 'fail',
  };
}

/** Scenario 2: a 10,000-code batch end to end against the floor's one-statement `= ANY` batch, both over HTTP, in turns. */
export async function batchCheck(ctx: BenchContext, codes: string[]): Promise<Row[]> {
  const label = `batch check (${codes.length.toLocaleString('en-US')} codes)`;
  const target = '≤ 2× one-statement batch and ≤ 500 ms';
  if (!hasOperation(ctx, 'post', '/api/v1/checks/batch')) return [notAvailable(label, 'POST /api/v1/checks/batch is not in this build', target)];
  const body = JSON.stringify({ purpose: PURPOSE, codes });
  const timed = async (url: string, headers: Record<string, string>) => {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
    return performance.now() - t;
  };
  const api = () => timed(`${ctx.api.url}/api/v1/checks/batch`, { 'X-API-Key': ctx.apiKey });
  const floor = () => timed(`${ctx.floor.url}/batch`, {});
  try {
    await api();
    await floor();
  } catch (err) {
    return [notAvailable(label, (err as Error).message, target)];
  }
  const apiMs: number[] = [];
  const floorMs: number[] = [];
  const rss = ctx.api.child.pid ? sampleRss(ctx.api.child.pid) : null;
  for (let i = 0; i < ctx.opts.batchRuns; i++) {
    apiMs.push(await api());
    floorMs.push(await floor());
  }
  const peak = rss?.stop();
  const ratio = median(apiMs.map((a, i) => a / defined(floorMs[i], `floor run ${i}`)));
  const a = median(apiMs);
  return [
    {
      scenario: label,
      figure: `${fmt(a)} ms`,
      baseline: `${fmt(median(floorMs))} ms (one-statement batch over HTTP)`,
      ratio: ratioText(ratio),
      target,
      verdict: ratio <= 2 && a <= 500 ? 'pass' : 'fail',
      data: { apiMs, floorMs, peakRssMb: peak },
    },
  ];
}

/** Scenario 6 helper: check p50/p99 of the API alone at one data-set size. */
export async function checkLatencyAt(ctx: BenchContext, codes: string[]): Promise<Figures | string> {
  const why = await probeCheck(ctx, first(codes, 'a code to check'));
  if (why) return why;
  return (await measureInTurns(ctx, [apiTarget(ctx, codes)])).figures[0];
}
