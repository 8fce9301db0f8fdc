import { rssMb, sampleRss } from './processes.js';
import type { Row } from './report.js';
import type { BenchContext } from './scenarios.js';
import { fmt } from './stats.js';

interface Manifest {
  files?: Array<{ name: string; rows: number; bytes: number }>;
}

/**
 * Issue 20's extract target (a full extract of 1M enterprises ≤ 60 s and ≤ 300 MB RSS) on the bench's data set: one
 * extract built now through `POST /api/v1/extracts/run`, timed, with the API process's RSS sampled every 200 ms. A
 * date of its own (far ahead, random) so a directory left by an earlier run is not answered as already built.
 */
export async function extractRun(ctx: BenchContext, fullScale: boolean): Promise<Row> {
  const pid = ctx.api.child.pid!;
  const date = new Date(Date.UTC(2100, 0, 1) + Math.floor(Math.random() * 3650) * 86_400_000).toISOString().slice(0, 10);
  const idle = rssMb(pid);
  const rss = sampleRss(pid);
  const started = performance.now();
  const res = await fetch(`${ctx.api.url}/api/v1/extracts/run?date=${date}`, { method: 'POST', headers: { Authorization: `Bearer ${ctx.tokens.admin}` } });
  const seconds = (performance.now() - started) / 1000;
  const peak = rss.stop();
  const manifest = (await res.json()) as Manifest;
  if (res.status !== 200)
    return { scenario: 'daily extract (full)', figure: `not available: ${res.status}`, baseline: '—', ratio: '—', target: '—', verdict: 'not available' };
  const full = manifest.files?.find((f) => f.name === 'full.csv.gz');
  const ok = seconds <= 60 && peak <= 300;
  return {
    scenario: `daily extract (full, ${fmt(full?.rows ?? 0, 0)} enterprises, CSV + JSON Lines, gzip)`,
    figure: `${fmt(seconds, 2)} s, API peak RSS ${fmt(peak)} MB (idle before ${fmt(idle)} MB)`,
    baseline: '—',
    ratio: '—',
    target: '1M in ≤ 60 s, ≤ 300 MB RSS',
    verdict: fullScale ? (ok ? 'pass' : 'fail') : 'report',
    data: { seconds, peakRssMb: peak, idleRssMb: idle, rows: full?.rows ?? null },
  };
}
