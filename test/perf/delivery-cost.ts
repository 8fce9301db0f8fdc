// Issue 20, item "what a delivery costs": CPU of the API process and of PostgreSQL over a phase of the watched-regrade
// scenario (utime + stime from /proc, as concurrent-writes.ts measures a write), and where PostgreSQL's time goes,
// by sampling pg_stat_activity (pg_stat_statements is not loaded in the bench's embedded server).
import pg from 'pg';
import { cpuMeter, parentOf } from './concurrent-writes.js';
import type { BenchContext } from './scenarios.js';

export interface PhaseCost {
  /** CPU ms over the phase: the API process, PostgreSQL (postmaster and every backend) */
  apiMs: number;
  dbMs: number;
  /** share of the active-backend samples per statement shape, largest first (at most 14) */
  statements: Array<{ shape: string; samples: number; share: number }>;
  samples: number;
}

/** The postmaster's pid: the parent of any backend. */
export async function postmasterOf(url: string): Promise<number | null> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    const { rows } = await probe.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0] ? parentOf(rows[0].pid) : null;
  } finally {
    await probe.end();
  }
}

/** A statement's shape: literals and numbers dropped, whitespace folded, the first 90 characters. */
function shape(query: string): string {
  return query
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b\d+\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 90);
}

/** Starts metering; the returned function stops it and reports. */
export function meterPhase(ctx: BenchContext, url: string, postmaster: number | null, everyMs = 50): () => Promise<PhaseCost> {
  const cpu = cpuMeter(ctx.api.child.pid, postmaster);
  const sampler = new pg.Client({ connectionString: url, application_name: 'bench-sampler' });
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  sampler.on('error', () => undefined); // the bench's database may stop first when a scenario fails
  const loop = (async () => {
    await sampler.connect();
    while (!stopped) {
      const { rows } = await sampler.query<{ app: string; query: string }>(
        `SELECT application_name AS app, query FROM pg_stat_activity
          WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      for (const r of rows) {
        const key = `${r.app || '-'} | ${shape(r.query)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        samples++;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await sampler.end();
  })().catch(() => undefined);
  return async () => {
    const used = cpu();
    stopped = true;
    await loop;
    const statements = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([s, n]) => ({ shape: s, samples: n, share: samples ? n / samples : 0 }));
    return { apiMs: used.api, dbMs: used.db, statements, samples };
  };
}
