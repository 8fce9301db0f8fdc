import type { BenchContext } from './scenarios.js';
import { fmt } from './stats.js';

/** Full regrade runs through the API (POST /grading/runs) and their own durations (started → finished, from the run). */
export interface Regrades {
  /** durations of the runs that completed, in ms */
  ms: number[];
  median: number | null;
  /** e.g. "4 regrades back to back, 1.21–1.60 s" for the report */
  text: string;
}

/**
 * Runs `phase` while full regrades run back to back, so the whole phase is "during a full regrade" even when one
 * regrade is shorter than the phase (10k enterprises regrade in under a second); the last one is awaited.
 */
export async function besideRegrades<T>(ctx: BenchContext, phase: () => Promise<T>): Promise<{ phase: T; regrades: Regrades }> {
  let done = false;
  const ms: number[] = [];
  const loop = (async () => {
    while (!done) {
      const took = await oneRegrade(ctx);
      if (took === null) return;
      ms.push(took);
    }
  })();
  try {
    const result = await phase();
    done = true;
    await loop; // the regrade running when the phase ended is counted too
    return { phase: result, regrades: summary(ms, 'back to back') };
  } finally {
    done = true;
    await loop;
  }
}

/** `n` full regrades one after another with nothing else running: the regrade's own duration alone. */
export async function regradesAlone(ctx: BenchContext, n: number): Promise<Regrades> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const took = await oneRegrade(ctx);
    if (took !== null) ms.push(took);
  }
  return summary(ms, 'one after another');
}

function summary(ms: number[], how: string): Regrades {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? null) : null;
  const range = sorted.length ? `${fmt((sorted[0] ?? 0) / 1000, 2)}–${fmt((sorted.at(-1) ?? 0) / 1000, 2)} s` : 'none completed';
  return { ms, median, text: `${ms.length} regrade${ms.length === 1 ? '' : 's'} ${how}, ${range}` };
}

/** Starts a full regrade and waits for it; its duration in ms, or null if it did not start or complete. */
async function oneRegrade(ctx: BenchContext): Promise<number | null> {
  const headers = { Authorization: `Bearer ${ctx.tokens.grader}` };
  const res = await fetch(`${ctx.api.url}/api/v1/grading/runs`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' });
  const body = (await res.json().catch(() => ({}))) as { id?: string };
  if (res.status >= 300 || !body.id) {
    ctx.log(`  regrade did not start: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return null;
  }
  for (let i = 0; i < 36_000; i++) {
    const run = (await (await fetch(`${ctx.api.url}/api/v1/grading/runs/${body.id}`, { headers })).json()) as {
      status?: string;
      startedAt?: string;
      finishedAt?: string | null;
      error?: string | null;
    };
    if (run.status !== 'running') {
      if (run.status !== 'completed') ctx.log(`  regrade ${body.id} ended ${run.status}: ${run.error ?? ''}`);
      return run.status === 'completed' && run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/**
 * What the active PostgreSQL backends are doing, sampled every 100 ms until stopped: counts per wait event
 * ("Lock:transactionid", "LWLock:WALWrite", …; "CPU" when a backend waits on nothing), so a phase shows whether writes
 * queue on locks held by the regrade or just share the cores.
 */
export function sampleWaits(pool: { query(sql: string): Promise<{ rows: { w: string; n: number }[] }> }): { stop(): Promise<string> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n FROM pg_stat_activity
          WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`,
      );
      samples++;
      for (const r of rows) counts.set(r.w, (counts.get(r.w) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.catch(() => undefined);
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return `${samples} samples; active backends per sample: ${top.map(([w, n]) => `${w} ${fmt(n / Math.max(1, samples), 1)}`).join(', ')}`;
    },
  };
}
