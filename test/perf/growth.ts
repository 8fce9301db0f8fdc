import type pg from 'pg';
import { checkLatencyAt } from './check-scenarios.js';
import type { BenchDataGenerator } from './data.js';
import { notAvailable, ratioText, type Row } from './report.js';
import { type BenchContext, fullRegrade } from './scenarios.js';
import { fmt } from './stats.js';

const human = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

interface Point {
  n: number;
  p50?: number;
  p99?: number;
  why?: string;
  /** pg_database_size after the regrade and a VACUUM ANALYZE, divided by the enterprises loaded */
  bytesPerEnterprise: number;
}

/**
 * `npm run bench -- --scale 5m --only growth` (issue 22): the register grown point by point (1M → 2M → 5M), each
 * point regraded in full through the API, then single-check latency at that size and the database's bytes per
 * enterprise. The check latency is the same wrk measurement the full bench makes, so the growth ratio compares like
 * with like inside one run; the regrade rows are the "regrade of N reported" the issue asks for.
 */
export async function growthScenario(
  ctx: BenchContext,
  gen: BenchDataGenerator,
  pool: pg.Pool,
  points: number[],
  grow: (n: number) => Promise<void>,
  log: (s: string) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  const measured: Point[] = [];
  let previous: { n: number; bytes: number } | undefined;
  for (const n of points) {
    await grow(n);
    rows.push(await fullRegrade(ctx, `full regrade (${human(n)})`));
    // VACUUM so the bytes count live rows and the check reads an index-only-friendly visibility map, as after autovacuum
    await pool.query('VACUUM ANALYZE');
    const bytes = Number((await pool.query<{ b: string }>('SELECT pg_database_size(current_database())::text AS b')).rows[0]?.b ?? NaN);
    const f = await checkLatencyAt(ctx, await gen.sampleCodes(Math.min(n, 20_000)));
    const point: Point = typeof f === 'string' ? { n, why: f, bytesPerEnterprise: bytes / n } : { n, p50: f.p50, p99: f.p99, bytesPerEnterprise: bytes / n };
    measured.push(point);
    log(
      `growth ${human(n)}: ${point.why ?? `p50 ${fmt(point.p50 ?? NaN)} ms, p99 ${fmt(point.p99 ?? NaN)} ms`}, ${Math.round(point.bytesPerEnterprise)} B/enterprise`,
    );
    // the marginal figure leaves out what does not grow with the register (catalogues, demo data, empty indexes)
    const marginal = previous
      ? `; marginal ${human(previous.n)} → ${human(n)}: ${Math.round((bytes - previous.bytes) / (n - previous.n)).toLocaleString('en-US')} B`
      : '';
    previous = { n, bytes };
    rows.push({
      scenario: `database bytes per enterprise (${human(n)})`,
      figure: `${Math.round(point.bytesPerEnterprise).toLocaleString('en-US')} B (${(bytes / 2 ** 30).toFixed(2)} GiB)${marginal}`,
      baseline: '—',
      ratio: '—',
      target: 'reported',
      verdict: 'report',
      data: { enterprises: n, bytes },
    });
  }
  const pairs: Array<[Point, Point]> = [];
  for (let i = 1; i < measured.length; i++) pairs.push([measured[i - 1] as Point, measured[i] as Point]);
  if (measured.length > 2) pairs.push([measured[0] as Point, measured[measured.length - 1] as Point]);
  for (const [a, b] of pairs) {
    const label = `check p50 growth ${human(a.n)} → ${human(b.n)}`;
    if (a.p50 === undefined || b.p50 === undefined || a.p99 === undefined || b.p99 === undefined) {
      rows.push(notAvailable(label, a.why ?? b.why ?? 'no figure', '≤ 1.2×'));
      continue;
    }
    const g = b.p50 / a.p50;
    rows.push({
      scenario: label,
      figure: `p50 ${fmt(a.p50)} → ${fmt(b.p50)} ms; p99 ${fmt(a.p99)} → ${fmt(b.p99)} ms`,
      baseline: human(a.n),
      ratio: ratioText(g),
      target: '≤ 1.2×',
      verdict: g <= 1.2 ? 'pass' : 'fail',
      data: { from: a, to: b },
    });
  }
  return rows;
}
