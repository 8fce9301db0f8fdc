/** Command-line options of `npm run bench` and the data-set profiles they select. */
export interface BenchOptions {
  quick: boolean;
  scale: '100k' | '1m' | '5m' | '10m' | 'quick';
  /** enterprise counts at which single-check latency is measured; the last one is the full data set */
  scalePoints: [number, ...number[]];
  creditRecordsPerEnterprise: number;
  listedShare: number;
  importRows: number;
  /** seconds of load per measured run, warm-up seconds, runs per scenario (the median is reported) */
  duration: number;
  warmup: number;
  runs: number;
  /** watched-regrade: rounds of (b), (c), (b2) on one data set; the target is judged on their mean */
  cycles: number;
  connections: number;
  batchSize: number;
  batchRuns: number;
  keep: boolean;
  databaseUrl?: string;
  /**
   * `--only writes | person-check | checks | scale | extract | watched-regrade`: that scenario alone (issue 21's writes; issue
   * 18's person check; issue 12's single and batch check with RSS; issue 22's two workers and read replica; issue 20's extract
   * of the full register and its regrade with 1M watched codes). `extract,watched-regrade` runs both on one data set (seeding
   * 1M takes minutes). `growth`: issue 22's growth run — every scale point regraded, checked and sized (with `--scale 5m`:
   * 1M → 2M → 5M, the run this 2-core machine can finish; 10M needs about 52 GB of disk at 5.2 KB per enterprise).
   */
  only?: OnlyMode[];
}

export type OnlyMode = 'writes' | 'person-check' | 'checks' | 'scale' | 'extract' | 'watched-regrade' | 'growth';
const ONLY_MODES: readonly OnlyMode[] = ['writes', 'person-check', 'checks', 'scale', 'extract', 'watched-regrade', 'growth'];
/** Modes that share a data set: each loads the full size and regrades first, so they may run one after the other. */
const COMBINABLE: readonly OnlyMode[] = ['extract', 'watched-regrade'];

function parseOnly(value: string | undefined): OnlyMode[] | undefined {
  if (value === undefined) return undefined;
  const modes = value.split(',').map((m) => m.trim()) as OnlyMode[];
  for (const m of modes) if (!ONLY_MODES.includes(m)) throw new Error(`--only must be one of ${ONLY_MODES.join(', ')} (got ${m})`);
  if (modes.length > 1 && !modes.every((m) => COMBINABLE.includes(m))) throw new Error(`--only combines only ${COMBINABLE.join(',')} (got ${value})`);
  return [...new Set(modes)];
}

const SCALES: Record<string, [number, ...number[]]> = {
  quick: [1_000, 5_000],
  '100k': [10_000, 100_000],
  '1m': [100_000, 1_000_000],
  '5m': [1_000_000, 2_000_000, 5_000_000],
  '10m': [100_000, 1_000_000, 10_000_000],
};

/** The last scale point: the full data set. */
export function fullSize(points: BenchOptions['scalePoints']): number {
  return points[points.length - 1] ?? points[0];
}

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (flag('help')) {
    console.log(
      'npm run bench -- [--quick] [--scale 100k|1m|5m|10m] [--import-rows N] [--duration S] [--runs N] [--cycles N] [--connections N] [--keep] [--only writes|person-check|checks|scale|extract|watched-regrade|growth|extract,watched-regrade]\n' +
        '  DATABASE_URL=postgres://… uses that server (a fresh database is created on it) instead of an embedded one.',
    );
    process.exit(0);
  }
  const quick = flag('quick');
  const only = parseOnly(value('only'));
  const scale = (quick ? 'quick' : (value('scale') ?? '1m').toLowerCase()) as BenchOptions['scale'];
  if (!SCALES[scale]) throw new Error(`--scale must be one of 100k, 1m, 5m, 10m (got ${scale})`);
  const points = SCALES[scale];
  const full = fullSize(points);
  const num = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    quick,
    scale,
    scalePoints: points,
    creditRecordsPerEnterprise: 3,
    listedShare: 0.01,
    importRows: num('import-rows', quick ? 5_000 : Math.min(full, 1_000_000)),
    duration: num('duration', quick ? 3 : 15),
    warmup: num('warmup', quick ? 1 : 5),
    runs: num('runs', quick ? 2 : 3),
    cycles: num('cycles', 1),
    connections: num('connections', quick ? 10 : 32),
    batchSize: 10_000,
    batchRuns: num('batch-runs', quick ? 2 : 5),
    keep: flag('keep'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    ...(only === undefined ? {} : { only }),
  };
}
