// Issue 20's second unmeasured target: "1,000,000 watched codes across agencies: a regrade run that changes 10,000
// grades produces its events and deliveries without slowing checks by more than 10 %". `npm run bench -- --only
// watched-regrade` (after the full regrade of the register, bench.ts); every write goes through the API.
import http from 'node:http';
import { meterPhase, type PhaseCost, postmasterOf } from './delivery-cost.js';
import { runLoad } from './processes.js';
import type { LoadResult } from './load-runner.js';
import { errorsNote, ratioText, type Row } from './report.js';
import { type BenchContext, PURPOSE } from './scenarios.js';
import { fmt } from './stats.js';

const AGENCIES = 10;
const RECEIVED: number[] = []; // arrival times (performance.now()) of every delivery POSTed to a receiver
const DELIVERY_IDS = new Set<string>(); // distinct QCR-Delivery-Id seen (a retried or replayed delivery repeats its id)

interface Receiver {
  server: http.Server;
  url: string;
}

/** One local receiver per agency (loopback: the API runs with QCR_WEBHOOKS_ALLOW_PRIVATE, as the webhook bench does). */
function startReceiver(): Promise<Receiver> {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        RECEIVED.push(performance.now());
        DELIVERY_IDS.add(String(req.headers['qcr-delivery-id']));
        res.writeHead(204).end();
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` }));
  });
}

async function call<T>(ctx: BenchContext, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(`${ctx.api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined || form ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as T;
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

const csvFile = (header: string, lines: string[]) => new Blob([`${header}\n${lines.join('\n')}\n`], { type: 'text/csv' });

/**
 * The grades change the way an administrator changes them for many enterprises at once: a credit category that no
 * model counts yet (added through the catalogue API) is recorded on `marks` enterprises (the credit-record import; 0
 * points, so no grade moves and no event is written), then a model version that counts it is activated and a full
 * regrade run moves exactly those enterprises' grades (80 − 60 points → D, unless already D). No SQL touches a grade.
 */
async function markEnterprises(ctx: BenchContext, category: string, codes: string[]): Promise<void> {
  const { admin, registrar } = ctx.tokens;
  await call(ctx, admin, 'POST', '/api/v1/credit-categories', {
    code: category,
    polarity: 'negative',
    severity: 'minor',
    nameZh: `基准测试类别${category.slice(-1)}`,
    nameEn: `bench category ${category}`,
    publicationMonths: 36,
  });
  const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  const form = new FormData();
  form.set(
    'file',
    csvFile(
      'enterprise_code,category_code,occurred_on,document_number,issuing_department,legal_basis',
      codes.map((c, i) => `${c},${category},${yesterday},基准〔2026〕${category}-${i}号,基准测试市场监督管理局,《中华人民共和国产品质量法》`),
    ),
    `${category}.csv`,
  );
  const imported = await call<{ inserted: number; rejected: number }>(ctx, registrar, 'POST', '/api/v1/credit-records/import', form);
  if (imported.inserted !== codes.length) throw new Error(`credit-record import of ${category}: ${JSON.stringify(imported).slice(0, 300)}`);
}

async function activateModelCounting(ctx: BenchContext, category: string, round = 0): Promise<void> {
  const { admin } = ctx.tokens;
  const active = (await call<Array<{ version: string; active: boolean }>>(ctx, admin, 'GET', '/api/v1/grading/models')).find((m) => m.active);
  const model = await call<{ version: string; indicators: unknown[] }>(ctx, admin, 'GET', `/api/v1/grading/models/${active!.version}`);
  const next = {
    ...model,
    version: `model-${category}${round ? `-r${round}` : ''}`,
    indicators: [...model.indicators, { category, points: -60, windowMonths: 36, capPerYear: null }],
  };
  await call(ctx, admin, 'POST', '/api/v1/grading/models', { model: next, reason: 'bench: count the marked category', activate: true });
}

/** The active model less `category`'s indicator: the enterprises it marked are graded back (b2). */
async function activateModelWithout(ctx: BenchContext, category: string, round = 0): Promise<void> {
  const { admin } = ctx.tokens;
  const active = (await call<Array<{ version: string; active: boolean }>>(ctx, admin, 'GET', '/api/v1/grading/models')).find((m) => m.active);
  const model = await call<{ version: string; indicators: Array<{ category?: string }> }>(ctx, admin, 'GET', `/api/v1/grading/models/${active!.version}`);
  const next = {
    ...model,
    version: `model-without-${category}${round ? `-r${round}` : ''}`,
    indicators: model.indicators.filter((i) => i.category !== category),
  };
  await call(ctx, admin, 'POST', '/api/v1/grading/models', { model: next, reason: 'bench: stop counting the marked category', activate: true });
}

interface RunState {
  id: string;
  status: string;
  changed?: number;
}

async function startRegrade(ctx: BenchContext): Promise<RunState> {
  return call<RunState>(ctx, ctx.tokens.grader, 'POST', '/api/v1/grading/runs', {});
}

async function waitForRun(ctx: BenchContext, id: string): Promise<RunState> {
  for (;;) {
    const run = await call<RunState>(ctx, ctx.tokens.grader, 'GET', `/api/v1/grading/runs/${id}`);
    if (!['queued', 'pending', 'running', 'in_progress', 'started'].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Read-only counts from the database: the outbox events and webhook deliveries written since `since`. */
async function outboxSince(ctx: BenchContext, since: { event: string; delivery: string }) {
  const { rows } = await ctx.pool.query(
    `SELECT (SELECT count(*) FROM changes.events WHERE id > $1::bigint AND cause = 'grade')::int AS events,
            (SELECT count(*) FROM changes.events WHERE id > $1::bigint AND cursor IS NULL)::int AS unnumbered,
            (SELECT count(*) FROM changes.deliveries WHERE id > $2::bigint)::int AS deliveries,
            (SELECT count(*) FROM changes.deliveries WHERE id > $2::bigint AND state = 'delivered')::int AS delivered,
            (SELECT count(*) FROM changes.deliveries WHERE id > $2::bigint AND state = 'dead')::int AS dead,
            (SELECT coalesce(sum(attempts), 0) FROM changes.deliveries WHERE id > $2::bigint)::int AS attempts`,
    [since.event, since.delivery],
  );
  return rows[0] as { events: number; unnumbered: number; deliveries: number; delivered: number; dead: number; attempts: number };
}

/**
 * Waits until every committed event is numbered and no delivery is pending. The bench loads enterprises by COPY, without
 * the outbox's answers rows, so the full regrade before this scenario writes one "first seen" event per enterprise; the
 * sequencer numbers them (and matches watchlists) shortly after. Lists set up before that would be sent all of them.
 */
export async function settle(ctx: BenchContext): Promise<void> {
  for (const until = Date.now() + 900_000; ; await new Promise((r) => setTimeout(r, 500))) {
    const { rows } = await ctx.pool.query<{ busy: boolean }>(
      `SELECT EXISTS (SELECT FROM changes.events WHERE cursor IS NULL) OR EXISTS (SELECT FROM changes.deliveries WHERE state IN ('new', 'queued')) AS busy`,
    );
    if (!rows[0]?.busy) return;
    if (Date.now() > until) throw new Error('the outbox did not settle in 15 minutes');
  }
}

async function outboxHead(ctx: BenchContext): Promise<{ event: string; delivery: string }> {
  const { rows } = await ctx.pool.query(
    `SELECT coalesce((SELECT max(id) FROM changes.events), 0)::text AS event, coalesce((SELECT max(id) FROM changes.deliveries), 0)::text AS delivery`,
  );
  return rows[0] as { event: string; delivery: string };
}

interface Phase {
  load: LoadResult;
  run?: RunState;
  regradeSeconds?: number;
  regradeOutlastedLoad?: boolean;
  events?: number;
  deliveries?: number;
  delivered?: number;
  /** POSTs the receivers answered, and how many distinct delivery ids they carried (the rest are repeats) */
  received?: number;
  distinctReceived?: number;
  attempts?: number;
  lastDeliverySeconds?: number;
  /** seconds from the run's end to the last delivery's arrival (bulk deliveries are paced while checks run) */
  lastAfterRunSeconds?: number;
  /** deliveries that reached a receiver while the checks ran, and after the load ended */
  receivedDuringLoad?: number;
  receivedAfterLoad?: number;
  /** CPU of the API and PostgreSQL from the load's start until the regrade ended and (c) its last delivery was made */
  cost?: PhaseCost;
  /** the same over the load's window only: what the checks competed with (after it the regrade and deliveries run alone) */
  loadCost?: PhaseCost;
  /** wall seconds the meter ran */
  meteredSeconds?: number;
}

/** Where the meter reads CPU and samples statements (set by watchedRegrade). */
const METER: { url: string; postmaster: number | null } = { url: '', postmaster: null };

/**
 * One turn: checks under wrk for `seconds`, started with the regrade (if any); then waits for the regrade to finish and,
 * when deliveries are expected, for the last of them to reach its receiver (up to 10 minutes).
 */
async function phase(ctx: BenchContext, codes: string[], seconds: number, regrade: boolean, expectDeliveries: boolean): Promise<Phase> {
  const paths = codes.map((c) => `/api/v1/checks/${encodeURIComponent(c)}?purpose=${PURPOSE}`);
  const load = { url: ctx.api.url, paths, headers: { 'X-API-Key': ctx.apiKey }, connections: ctx.opts.connections };
  await settle(ctx);
  const m0 = performance.now();
  const meter = meterPhase(ctx, METER.url, METER.postmaster);
  if (!regrade) {
    const idle = await runLoad({ ...load, duration: seconds });
    const cost = await meter();
    ctx.log(`  … ${fmt(idle.requestsPerSec)} req/s, p99 ${fmt(idle.p99, 2)} ms; CPU API ${cost.apiMs} ms, PostgreSQL ${cost.dbMs} ms`);
    return { load: idle, cost, meteredSeconds: (performance.now() - m0) / 1000 };
  }
  const head = await outboxHead(ctx);
  const receivedBefore = RECEIVED.length;
  const distinctBefore = DELIVERY_IDS.size;
  const t0 = performance.now();
  const loadMeter = meterPhase(ctx, METER.url, METER.postmaster);
  const started = await startRegrade(ctx);
  // polled while the load runs, so the regrade's own duration is known even when it ends first
  const finished = waitForRun(ctx, started.id).then((run) => ({ run, at: performance.now() }));
  const result = await runLoad({ ...load, duration: seconds });
  const loadEnded = performance.now();
  const loadCost = await loadMeter();
  ctx.log(
    `  … during the checks (${fmt((loadEnded - t0) / 1000)} s): CPU API ${loadCost.apiMs} ms, PostgreSQL ${loadCost.dbMs} ms; ${loadCost.samples} samples`,
  );
  for (const st of loadCost.statements.slice(0, 8)) ctx.log(`      ${(st.share * 100).toFixed(1)} %  ${st.shape}`);
  const { run, at } = await finished;
  const regradeSeconds = (at - t0) / 1000;
  let counts = await outboxSince(ctx, head);
  for (const until = Date.now() + 600_000; expectDeliveries && Date.now() < until; counts = await outboxSince(ctx, head)) {
    if (counts.unnumbered === 0 && counts.deliveries > 0 && counts.delivered + counts.dead === counts.deliveries) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const cost = await meter();
  const meteredSeconds = (performance.now() - m0) / 1000;
  ctx.log(`  … metered ${fmt(meteredSeconds)} s: CPU API ${cost.apiMs} ms, PostgreSQL ${cost.dbMs} ms; ${cost.samples} active-statement samples`);
  for (const st of cost.statements) ctx.log(`      ${(st.share * 100).toFixed(1)} %  ${st.shape}`);
  ctx.log(
    `  … ${fmt(result.requestsPerSec)} req/s, p99 ${fmt(result.p99, 2)} ms; run ${run.status}, ${run.changed} changed in ${fmt((at - t0) / 1000)} s; ${JSON.stringify(counts)}`,
  );
  const received = RECEIVED.length - receivedBefore;
  const distinctReceived = DELIVERY_IDS.size - distinctBefore;
  const arrivals = RECEIVED.slice(receivedBefore);
  const receivedDuringLoad = arrivals.filter((x) => x <= loadEnded).length;
  return {
    load: result,
    run,
    regradeSeconds,
    regradeOutlastedLoad: at > loadEnded,
    events: counts.events,
    deliveries: counts.deliveries,
    delivered: counts.delivered,
    received,
    distinctReceived,
    attempts: counts.attempts,
    lastDeliverySeconds: received > 0 ? ((RECEIVED.at(-1) ?? t0) - t0) / 1000 : undefined,
    lastAfterRunSeconds: received > 0 ? ((RECEIVED.at(-1) ?? at) - at) / 1000 : undefined,
    receivedDuringLoad,
    receivedAfterLoad: received - receivedDuringLoad,
    cost,
    loadCost,
    meteredSeconds,
  };
}

/**
 * 10 agencies, each with one watchlist of `perList` codes (100,000 at 1M: 1,000,000 watched) and one local receiver;
 * `marks` unwatched and `marks` watched enterprises marked (markEnterprises). Then single checks under wrk in turns:
 * (a) idle, (b) during a regrade that changes `marks` grades nobody watches (events, no deliveries), (c) during a
 * regrade that changes `marks` watched grades (events and one delivery each). The target is judged on (c)/(b): the
 * same regrade work with and without the fan-out to watchers, so what is measured is what watching costs the check.
 */
export async function watchedRegrade(ctx: BenchContext, watchedTotal: number, databaseUrl: string): Promise<Row[]> {
  const { log, opts } = ctx;
  METER.url = databaseUrl;
  METER.postmaster = await postmasterOf(databaseUrl).catch(() => null);
  const perList = Math.min(100_000, Math.floor(watchedTotal / AGENCIES));
  const marks = Math.min(10_000, Math.floor(watchedTotal / 100));
  const seconds = opts.duration * 2;
  const codes: string[] = (await ctx.pool.query(`SELECT coalesce(uscc, org_code) AS code FROM enterprises.enterprises ORDER BY random()`)).rows.map(
    (r: { code: string }) => r.code,
  );
  const watched = codes.slice(0, perList * AGENCIES);
  const unwatched = codes.slice(perList * AGENCIES);
  if (unwatched.length < marks) throw new Error(`${unwatched.length} unwatched enterprises, ${marks} needed`);
  const step = Math.floor(watched.length / marks); // marked codes spread over every list
  const markedWatched = watched.filter((_, i) => i % step === 0).slice(0, marks);
  const receivers = await Promise.all(Array.from({ length: AGENCIES }, () => startReceiver()));
  try {
    await settle(ctx);
    const t = performance.now();
    const tag = Date.now().toString(36);
    const endpoints: string[] = [];
    for (const [i, receiver] of receivers.entries()) {
      const agency = await call<{ id: string }>(ctx, ctx.tokens.admin, 'POST', '/api/v1/admin/agencies', {
        code: `bench-watch-${tag}-${i}`,
        name: `基准关注机构${i}`,
        department: '基准测试',
        purposes: [PURPOSE],
      });
      const form = new FormData();
      form.set('purpose', PURPOSE);
      form.set('file', csvFile('code', watched.slice(i * perList, (i + 1) * perList)), 'watch.csv');
      await call(ctx, ctx.tokens.admin, 'PUT', `/api/v1/watchlists/bench?agency=${agency.id}`, form);
      const endpoint = await call<{ id: string }>(ctx, ctx.tokens.admin, 'POST', `/api/v1/webhooks?agency=${agency.id}`, { url: receiver.url });
      endpoints.push(`${endpoint.id}/test?agency=${agency.id}`);
    }
    log(`  ${AGENCIES} agencies × ${perList.toLocaleString('en-US')} watched codes, one receiver each, in ${fmt((performance.now() - t) / 1000)} s`);
    await markEnterprises(ctx, 'bench_mark_unwatched', unwatched.slice(0, marks));
    await markEnterprises(ctx, 'bench_mark_watched', markedWatched);
    log(`  ${marks.toLocaleString('en-US')} unwatched and ${marks.toLocaleString('en-US')} watched enterprises marked (credit-record import)`);

    const checkPaths = codes.slice(-Math.min(codes.length, 20_000)); // a random sample, watched or not
    log(`  checks: warm-up ${opts.warmup} s, then (a) idle ${seconds} s`);
    await phase(ctx, checkPaths, opts.warmup, false, false);
    const idle = await phase(ctx, checkPaths, seconds, false, false);
    const result: Row[] = [];
    for (let round = 0; round < opts.cycles; round++) {
      const tag = opts.cycles > 1 ? ` [round ${round + 1} of ${opts.cycles}]` : '';
      log(`  (b)${tag} a regrade that changes ${marks.toLocaleString('en-US')} unwatched grades`);
      await activateModelCounting(ctx, 'bench_mark_unwatched', round);
      const quiet = await phase(ctx, checkPaths, seconds, true, false);
      log(`  (c)${tag} a regrade that changes ${marks.toLocaleString('en-US')} watched grades, events and deliveries flowing`);
      // odd rounds grade the watched enterprises back: the same work, and every change a delivery again
      await (round % 2 === 0 ? activateModelCounting(ctx, 'bench_mark_watched', round) : activateModelWithout(ctx, 'bench_mark_watched', round));
      const watchedRun = await phase(ctx, checkPaths, seconds, true, true);
      // (c) always ran after (b): on a register one regrade older, with autovacuum of (b)'s writes about. A second
      // unwatched regrade after (c) brackets it, so (c) is judged against the mean of the two (drift cancels).
      log(`  (b2)${tag} a regrade that changes the ${marks.toLocaleString('en-US')} unwatched grades back: brackets (c) with (b)`);
      await activateModelWithout(ctx, 'bench_mark_unwatched', round);
      const quietAfter = await phase(ctx, checkPaths, seconds, true, false);
      const cycle = rows(idle, quiet, watchedRun, quietAfter, { watchedCodes: watched.length, marks, seconds });
      result.push(...(round === 0 ? cycle : cycle.slice(2)).map((r) => (opts.cycles > 1 ? { ...r, scenario: `${r.scenario}${tag}` } : r)));
    }
    if (opts.cycles > 1) result.push(roundsRow(result));
    log(`  (d) ${TEST_DELIVERIES.toLocaleString('en-US')} test deliveries with no other load: what one delivery costs`);
    const alone = await deliveriesAlone(ctx, endpoints);
    return [...result, alone];
  } finally {
    for (const r of receivers) r.server.close();
  }
}

function rows(a: Phase, b: Phase, c: Phase, b2: Phase, shape: { watchedCodes: number; marks: number; seconds: number }): Row[] {
  const fig = (p: Phase) => `${fmt(p.load.requestsPerSec)} req/s, p99 ${fmt(p.load.p99, 2)} ms${errorsNote(p.load)}`;
  const regrade = (p: Phase) =>
    `regrade ${fmt(p.regradeSeconds ?? NaN)} s, ${p.run?.changed ?? '?'} grades changed${p.regradeOutlastedLoad ? '' : ', ended before the load did'}`;
  const bracket = (b.load.requestsPerSec + b2.load.requestsPerSec) / 2;
  const vsQuiet = c.load.requestsPerSec / bracket;
  const vsIdle = c.load.requestsPerSec / a.load.requestsPerSec;
  const clean = (p: Phase) => p.load.non2xx + p.load.errors === 0;
  const unwatched = (p: Phase, scenario: string): Row => ({
    scenario,
    figure: `${fig(p)}; ${regrade(p)}, ${p.events} events, ${p.deliveries} deliveries`,
    baseline: `idle ${fmt(a.load.requestsPerSec)} req/s`,
    ratio: ratioText(p.load.requestsPerSec / a.load.requestsPerSec),
    target: 'report',
    verdict: 'report',
    data: { ...p },
  });
  const allDelivered = c.deliveries !== undefined && c.deliveries > 0 && c.delivered === c.deliveries;
  const who = `${shape.watchedCodes.toLocaleString('en-US')} watched codes, ${AGENCIES} agencies`;
  const perDelivery = deliveryCost(a, b, c);
  return [
    {
      scenario: `CPU per delivery (c − b, each less its checks at (a)'s CPU per check; shared machine)`,
      figure: perDelivery
        ? `API ${fmt(perDelivery.apiMs, 2)} ms + PostgreSQL ${fmt(perDelivery.dbMs, 2)} ms per delivery (${c.deliveries} deliveries; raw c: API ${c.cost?.apiMs} / PostgreSQL ${c.cost?.dbMs} ms over ${fmt(c.meteredSeconds ?? NaN)} s, b: ${b.cost?.apiMs} / ${b.cost?.dbMs} ms over ${fmt(b.meteredSeconds ?? NaN)} s)`
        : 'not measured',
      baseline: '—',
      ratio: '—',
      target: 'report',
      verdict: 'report',
      data: { perDelivery, statementsC: c.cost?.statements, statementsB: b.cost?.statements },
    },
    {
      scenario: `single check idle (${who}; wrk ${shape.seconds} s)`,
      figure: fig(a),
      baseline: '—',
      ratio: '—',
      target: 'report',
      verdict: 'report',
      data: { ...a },
    },
    unwatched(b, `single check during a regrade changing ${shape.marks.toLocaleString('en-US')} unwatched grades`),
    unwatched(b2, `single check during a regrade changing the ${shape.marks.toLocaleString('en-US')} unwatched grades back, after (c) (b2)`),
    {
      scenario: `single check during a regrade changing ${shape.marks.toLocaleString('en-US')} watched grades (events + deliveries)`,
      figure:
        `${fig(c)}; ${regrade(c)}, ${c.events} events, ${c.deliveries} deliveries (${c.delivered} delivered; ${c.received} POSTs received carrying ${c.distinctReceived} delivery ids, ${c.attempts} attempts recorded), ` +
        `last delivery ${fmt(c.lastDeliverySeconds ?? NaN)} s after the run started, ${fmt(c.lastAfterRunSeconds ?? NaN)} s after it ended; ` +
        `${c.receivedDuringLoad} POSTs received while the checks ran, ${c.receivedAfterLoad} after (bulk deliveries are paced while requests run)`,
      baseline: `without watchers: mean of (b) before ${fmt(b.load.requestsPerSec)} and (b2) after ${fmt(b2.load.requestsPerSec)} req/s (p99 ${fmt(b.load.p99, 2)} / ${fmt(b2.load.p99, 2)} ms); idle ${fmt(a.load.requestsPerSec)} req/s`,
      ratio: `${ratioText(vsQuiet)} (b, b2); ${ratioText(c.load.requestsPerSec / b.load.requestsPerSec)} (b alone); ${ratioText(vsIdle)} idle`,
      target: '≥ 0.9× the regrade without watchers (b, b2); every delivery made',
      verdict: clean(c) && allDelivered && vsQuiet >= 0.9 ? 'pass' : 'fail',
      data: {
        ...c,
        vsQuiet,
        complete: clean(c) && allDelivered,
        vsB: c.load.requestsPerSec / b.load.requestsPerSec,
        vsB2: c.load.requestsPerSec / b2.load.requestsPerSec,
        vsIdle,
        p99VsQuiet: c.load.p99 / ((b.load.p99 + b2.load.p99) / 2),
      },
    },
  ];
}

/**
 * With `--cycles N`, (b), (c), (b2) are run N times on one data set and the target is judged on the mean of the N
 * bracketed ratios (a single round's spread is about ±4 %); each round's rows only report.
 */
function roundsRow(rounds: Row[]): Row {
  // each round's (c) row: its bracketed ratio, and whether its checks were clean and every delivery made
  const watched = rounds.flatMap((r) => {
    const d = r.data as { vsQuiet?: number; complete?: boolean };
    return d.vsQuiet === undefined ? [] : [{ ratio: d.vsQuiet, complete: d.complete === true }];
  });
  const mean = watched.reduce((sum, w) => sum + w.ratio, 0) / watched.length;
  const complete = watched.every((w) => w.complete);
  for (const r of rounds) if (r.verdict === 'pass' || r.verdict === 'fail') r.verdict = 'report';
  return {
    scenario: `single check during a regrade changing watched grades, ${watched.length} rounds (b, c, b2)`,
    figure: `(c)/mean(b, b2) per round: ${watched.map((w) => ratioText(w.ratio)).join(', ')}${complete ? '' : '; a round had errors or undelivered changes'}`,
    baseline: 'each round against its own (b) and (b2)',
    ratio: ratioText(mean),
    target: '≥ 0.9× the regrade without watchers, mean of the rounds; every delivery made in every round',
    verdict: complete && mean >= 0.9 ? 'pass' : 'fail',
    data: { ratios: watched.map((w) => w.ratio), mean, complete },
  };
}

/**
 * What one delivery costs in CPU: (c) and (b) run the same regrade work, (c) with the fan-out; each phase's checks are
 * taken out at the idle phase's CPU per check (checks during a regrade cost about what they cost idle: same statements).
 */
function deliveryCost(a: Phase, b: Phase, c: Phase): { apiMs: number; dbMs: number } | null {
  if (!a.cost || !b.cost || !c.cost || !c.deliveries || !a.load.total) return null;
  const perCheck = { api: a.cost.apiMs / a.load.total, db: a.cost.dbMs / a.load.total };
  const net = (p: Phase, k: 'api' | 'db') => (k === 'api' ? p.cost!.apiMs : p.cost!.dbMs) - p.load.total * perCheck[k];
  return { apiMs: (net(c, 'api') - net(b, 'api')) / c.deliveries, dbMs: (net(c, 'db') - net(b, 'db')) / c.deliveries };
}

const TEST_DELIVERIES = 2_000;

/**
 * What one delivery costs, apart from any regrade or check: `TEST_DELIVERIES` test deliveries (`POST
 * /webhooks/{id}/test`, spread over the ten endpoints, 20 at a time), metered from the first request to the last POST
 * received. Each includes its request (authentication, audit entry, the delivery row), which a change's delivery does
 * not have (the sequencer's fan-out writes its row), so the figure is an upper bound of the delivery path.
 */
async function deliveriesAlone(ctx: BenchContext, endpoints: string[]): Promise<Row> {
  // endpoints: `{id}/test?agency={agency}` (an administrator names the agency)
  await settle(ctx);
  const before = DELIVERY_IDS.size;
  const t0 = performance.now();
  const meter = meterPhase(ctx, METER.url, METER.postmaster);
  for (let i = 0; i < TEST_DELIVERIES; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, k) => call(ctx, ctx.tokens.admin, 'POST', `/api/v1/webhooks/${endpoints[(i + k) % endpoints.length]}`, {})),
    );
  }
  for (const until = Date.now() + 300_000; DELIVERY_IDS.size - before < TEST_DELIVERIES && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  const cost = await meter();
  const made = DELIVERY_IDS.size - before;
  ctx.log(`  … ${made} delivered in ${fmt(seconds)} s; CPU API ${cost.apiMs} ms, PostgreSQL ${cost.dbMs} ms; ${cost.samples} active-statement samples`);
  for (const st of cost.statements) ctx.log(`      ${(st.share * 100).toFixed(1)} %  ${st.shape}`);
  return {
    scenario: `CPU per delivery, ${TEST_DELIVERIES.toLocaleString('en-US')} test deliveries alone (request + delivery; shared machine)`,
    figure: `API ${fmt(cost.apiMs / made, 2)} ms + PostgreSQL ${fmt(cost.dbMs / made, 2)} ms per delivery; ${made} delivered in ${fmt(seconds)} s (${fmt(made / seconds)}/s)`,
    baseline: '—',
    ratio: '—',
    target: 'report',
    verdict: made === TEST_DELIVERIES ? 'report' : 'fail',
    data: { made, seconds, cost },
  };
}
