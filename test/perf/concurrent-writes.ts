import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { defined, first } from '../helpers/defined.js';
import { extractRun } from './extract-run.js';
import { besideRegrades, regradesAlone, sampleWaits } from './regrade-beside.js';
import { type Row } from './report.js';
import type { BenchContext } from './scenarios.js';
import { fmt, percentile } from './stats.js';

/**
 * Issue 21: credit records written through the API by 1 and by 32 clients, each write on a different enterprise,
 * with and without a full regrade running — beside the floor: the same inserts and updates (record, audit entry,
 * grade close + insert) as bare SQL transactions with 1 and 32 clients, so the ratio to what the database allows on
 * this machine is visible. Targets: 32 clients ≥ 4× one client, p99 ≤ 200 ms, within 20 % while a regrade runs.
 */
interface Run {
  writes: number;
  seconds: number;
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time per successful write (utime + stime from /proc) of the API process and of PostgreSQL's processes */
  cpu?: { apiMs: number; dbMs: number };
}

/** /proc/<pid>/stat fields from 3 on (after the command name, which may hold spaces), or null once it is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  } catch {
    return null;
  }
}

/** utime + stime of a process in ms (/proc/<pid>/stat fields 14 and 15; 100 ticks a second), 0 once it is gone. */
export function cpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) * 10 : 0;
}

export function parentOf(pid: number): number {
  return Number(statFields(pid)?.[1]);
}

/**
 * PostgreSQL's CPU so far: the postmaster's own utime + stime, plus cutime + cstime (fields 16, 17: the CPU of every
 * child it has reaped), plus utime + stime of each child still running. A backend that exits mid-phase moves its CPU
 * from the third term into the second when the postmaster reaps it, so the sum only grows. Summing the live children
 * alone (as before) lost the CPU of every backend that ended during the phase — the pool's idle connections closing,
 * a regrade's connections — and went negative ("PostgreSQL -9.7 ms" per write in the 1M run).
 */
function postgresCpuMs(postmaster: number): number {
  const reaped = () => {
    const f = statFields(postmaster);
    return f ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10 : 0;
  };
  // A child reaped during the walk would be missed (or, read first, counted twice): walk again until no child was
  // reaped meanwhile (the postmaster's cutime + cstime did not move).
  for (let attempt = 0; ; attempt++) {
    const before = reaped();
    let live = 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const f = statFields(Number(name));
      if (f && Number(f[1]) === postmaster) live += (Number(f[11]) + Number(f[12])) * 10;
    }
    const after = reaped();
    if (after === before || attempt === 4) return after + live;
  }
}

/**
 * CPU used by the API and by PostgreSQL (the postmaster and its children, live and reaped) during a phase: on a shared
 * machine the wall-clock figures swing with the neighbours' load, CPU per write much less.
 */
export function cpuMeter(apiPid: number | undefined, postmaster: number | null): () => { api: number; db: number } {
  const db = () => (postmaster ? postgresCpuMs(postmaster) : 0);
  const api0 = apiPid ? cpuMs(apiPid) : 0;
  const db0 = db();
  return () => ({ api: (apiPid ? cpuMs(apiPid) : 0) - api0, db: db() - db0 });
}

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

/** `clients` loops for `seconds`, each taking the next enterprise code from a shared cursor (no two writes share one). */
async function drive(
  clients: number,
  seconds: number,
  codes: string[],
  write: (code: string, n: number) => Promise<void>,
  cpu?: () => () => { api: number; db: number },
): Promise<Run> {
  const meter = cpu?.();
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until && next < codes.length) {
        const n = next++;
        const t = performance.now();
        try {
          await write(defined(codes[n], `code ${n}`), n);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (latencies.length === 0) throw new Error(`no write succeeded: ${firstError}`);
  const used = meter?.();
  return {
    writes: latencies.length,
    seconds: elapsed,
    perSec: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    ...(used ? { cpu: { apiMs: used.api / latencies.length, dbMs: used.db / latencies.length } } : {}),
  };
}

export async function concurrentWrites(ctx: BenchContext, databaseUrl: string, codes: string[], seconds: number): Promise<Row[]> {
  const run = `${Date.now().toString(36)}`;
  const apiWrite = (code: string, n: number) =>
    fetch(`${ctx.api.url}/api/v1/enterprises/${code}/credit-records`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.tokens.registrar}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        categoryCode: 'sampling_failed',
        occurredOn: daysAgo(1 + (n % 300)),
        documentNumber: `并发写〔${run}〕${n}号`,
        issuingDepartment: '基准测试市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》',
        description: 'bench: concurrent writes',
      }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`POST credit-records answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    });

  // Each phase gets its own slice of enterprises: every write lands on an enterprise no other write touched.
  const slice = (() => {
    let at = 0;
    return (n: number) => codes.slice(at, (at += n));
  })();
  const per = Math.floor(codes.length / 7);
  ctx.log(`  concurrent writes: ${per} enterprises per phase, ${seconds} s each`);
  const phasesFrom = new Date();
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  const postmaster = await probe
    .query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    .then((r) => parentOf(first(r.rows).pid))
    .catch(() => null);
  await probe.end();
  const cpu = () => cpuMeter(ctx.api.child.pid, postmaster);
  const one = await drive(1, seconds, slice(per), apiWrite, cpu);
  const waitPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let waits = sampleWaits(waitPool);
  const many = await drive(32, seconds, slice(per), apiWrite, cpu);
  const waitsWithout = await waits.stop();
  const alone = await regradesAlone(ctx, 3); // the regrade's own duration with no writes beside it
  waits = sampleWaits(waitPool);
  const { phase: duringRegrade, regrades } = await besideRegrades(ctx, () => drive(32, seconds, slice(per), apiWrite, cpu));
  const waitsDuring = await waits.stop();
  await waitPool.end();

  const floorPool = new pg.Pool({ connectionString: databaseUrl, max: 32 });
  try {
    const floorWrite = bareSqlWrite(floorPool, run);
    const floorOne = await drive(1, seconds, slice(per), floorWrite, cpu);
    const floorMany = await drive(32, seconds, slice(per), floorWrite, cpu);
    // The same regrades beside the bare-SQL writes: what the database allows while a regrade runs.
    const { phase: floorDuringRegrade, regrades: floorRegrades } = await besideRegrades(ctx, () => drive(32, seconds, slice(per), floorWrite, cpu));
    const row = (scenario: string, r: Run, baseline: string, ratio: string, target: string, ok: boolean | null): Row => ({
      scenario,
      figure:
        `${fmt(r.perSec)} writes/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${r.writes} writes${r.errors ? `, ${r.errors} errors` : ''})` +
        (r.cpu ? `; CPU/write API ${fmt(r.cpu.apiMs, 1)} ms + PostgreSQL ${fmt(r.cpu.dbMs, 1)} ms` : ''),
      baseline,
      ratio,
      target,
      verdict: ok === null ? 'report' : ok ? 'pass' : 'fail',
      data: { ...r },
    });
    const lag = await sequencerLag(floorPool, phasesFrom);
    // issue 20: the day's extract of the data set just written to (the bench's only extract run)
    const extract = await extractRun(ctx, codes.length >= 1_000_000);
    const scaling = many.perSec / one.perSec;
    const regradeShare = duringRegrade.perSec / many.perSec;
    return [
      row('credit-record writes, 1 client (API)', one, `floor ${fmt(floorOne.perSec)}/s`, `${fmt(one.perSec / floorOne.perSec, 2)}× floor`, '—', null),
      row(
        'credit-record writes, 32 clients (API)',
        many,
        `1 client ${fmt(one.perSec)}/s; floor ${fmt(floorMany.perSec)}/s`,
        `${fmt(scaling, 2)}× 1 client; ${fmt(many.perSec / floorMany.perSec, 2)}× floor`,
        '≥ 4× 1 client, p99 ≤ 200 ms',
        scaling >= 4 && many.p99 <= 200,
      ),
      row(
        `credit-record writes, 32 clients during a full regrade (API; ${regrades.text})`,
        duringRegrade,
        `32 clients ${fmt(many.perSec)}/s; floor during a regrade ${fmt(floorDuringRegrade.perSec)}/s`,
        `${fmt(regradeShare, 2)}×; ${fmt(duringRegrade.perSec / floorDuringRegrade.perSec, 2)}× floor during a regrade`,
        '≥ 0.8× without regrade, p99 ≤ 240 ms',
        regradeShare >= 0.8 && duringRegrade.p99 <= 240,
      ),
      {
        scenario: 'PostgreSQL wait events, 32 API writers without / during a full regrade (pg_stat_activity every 100 ms)',
        figure: `without: ${waitsWithout}; during: ${waitsDuring}`,
        baseline: '—',
        ratio: '—',
        target: '—',
        verdict: 'report',
        data: { without: waitsWithout, during: waitsDuring },
      },
      {
        scenario: 'full regrade beside 32 API writers (its own duration, start → completed; median of the runs)',
        figure: regrades.median === null ? 'n/a (no run completed)' : `${fmt(regrades.median / 1000, 2)} s (${regrades.text})`,
        baseline: alone.median === null ? '—' : `alone ${fmt(alone.median / 1000, 2)} s (${alone.text})`,
        ratio: regrades.median !== null && alone.median ? `${fmt(regrades.median / alone.median, 2)}×` : '—',
        target: 'no slower than without writes',
        verdict: 'report',
        data: { beside: regrades.ms, alone: alone.ms },
      },
      row('floor: the same inserts/updates as bare SQL, 1 client', floorOne, '—', '—', '—', null),
      {
        scenario: 'change feed: an event recorded → its cursor assigned (sequencer lag, every event of the API phases)',
        figure: lag ? `p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms, max ${fmt(lag.max)} ms (${lag.n} events)` : 'n/a (this build takes the cursor at write)',
        baseline: '—',
        ratio: '—',
        target: '—',
        verdict: 'report',
        data: { ...lag },
      },
      extract,
      row(
        'floor: the same inserts/updates as bare SQL, 32 clients',
        floorMany,
        `1 client ${fmt(floorOne.perSec)}/s`,
        `${fmt(floorMany.perSec / floorOne.perSec, 2)}×`,
        '—',
        null,
      ),
      row(
        `floor: the same inserts/updates as bare SQL, 32 clients during a full regrade (${floorRegrades.text})`,
        floorDuringRegrade,
        `32 clients ${fmt(floorMany.perSec)}/s`,
        `${fmt(floorDuringRegrade.perSec / floorMany.perSec, 2)}×`,
        '—',
        null,
      ),
    ];
  } finally {
    await floorPool.end();
  }
}

/**
 * Issue 21 on the outbox: writers insert change events without a cursor and the sequencer numbers them after commit;
 * this is how long feed, stream and webhooks wait for that — from the event's insert (recorded_at, near the writer's
 * commit) to the sequencer pass that numbered it (sequenced_at, that pass's start).
 */
async function sequencerLag(pool: pg.Pool, from: Date): Promise<{ n: number; p50: number; p99: number; max: number } | null> {
  try {
    const {
      rows: [r],
    } = await pool.query<{ n: number; p50: number | null; p99: number | null; max: number | null }>(
      `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT extract(epoch FROM sequenced_at - recorded_at) * 1000 AS ms
                 FROM changes.events WHERE recorded_at >= $1 AND sequenced_at IS NOT NULL) AS x`,
      [from],
    );
    return r && r.n > 0 ? { n: r.n, p50: Number(r.p50), p99: Number(r.p99), max: Number(r.max) } : null;
  } catch {
    return null; // before the sequencer (no sequenced_at): the cursor was taken at write
  }
}

/**
 * One write as the database alone would do it: the record, an audit entry, and the grade row replaced (close +
 * insert) for an enterprise, in one transaction — no lock beyond the rows themselves.
 */
function bareSqlWrite(pool: pg.Pool, run: string): (code: string, n: number) => Promise<void> {
  return async (code: string, n: number) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const {
        rows: [e],
      } = await client.query<{ id: string }>(`SELECT id FROM enterprises.enterprises WHERE uscc = $1 OR org_code = $1`, [code]);
      if (!e) throw new Error(`no enterprise ${code}`);
      const {
        rows: [r],
      } = await client.query<{ id: string }>(
        `INSERT INTO credit.records (enterprise_id, category_code, severity, polarity, occurred_on, publish_until, document_number,
           issuing_department, legal_basis, description, source, strict_repair, created_by)
         SELECT $1, c.code, c.severity, c.polarity, $2, $3, $4, '基准测试市场监督管理局', '《中华人民共和国产品质量法》', 'floor', 'manual', false, 'floor'
           FROM credit.categories c WHERE c.code = 'sampling_failed'
         RETURNING id`,
        [e.id, daysAgo(1 + (n % 300)), daysAgo(-365), `底线〔${run}〕${n}号`],
      );
      await client.query(
        `INSERT INTO audit.entries (at, actor_kind, actor_id, actor_name, action, entity_type, entity_id, after)
         VALUES (now(), 'user', 'floor', 'floor', 'credit.record.create', 'credit_record', $1, '{}')`,
        [defined(r, 'the inserted record').id],
      );
      const today = daysAgo(0);
      const {
        rows: [g],
      } = await client.query<{ id: string; from: string }>(
        `SELECT id, greatest(valid_from, $2::date)::text AS from FROM grading.grades WHERE enterprise_id = $1 AND valid_to IS NULL FOR UPDATE`,
        [e.id, today],
      );
      if (g) await client.query(`UPDATE grading.grades SET valid_to = $2::date WHERE id = $1`, [g.id, g.from]);
      await client.query(
        `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, source)
         SELECT $1, 'B', 80, version, '{}', '{}', $2::date, false, 'record-change' FROM grading.models WHERE active`,
        [e.id, g?.from ?? today],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
}
