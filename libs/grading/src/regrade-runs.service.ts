import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { BlacklistReader } from '#qcr/blacklist';
import { CreditRecordsService } from '#qcr/credit-records';
import {
  type Actor,
  AppConfig,
  BULK_DATA_SOURCE,
  CommonProblems,
  DomainEvents,
  inTransaction,
  isIsoDate,
  type IsoDate,
  isPgError,
  PG,
  problem,
  queryOne,
  queryRows,
  querySingle,
  releaseMemoryAfterBulkRun,
  selectList,
  todayInChina,
} from '#qcr/platform';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { type PastSlot, planPastRow, type PastRow, readPastSlots, writePastRows } from './backdated-run.js';
import { GradingModels } from './grading-models.service.js';
import { GradingProblems } from './grading.problems.js';
import { GradingService } from './grading.service.js';
import { GRADE_CHANGED } from './grading.types.js';
import type { Grade, GradingModel } from './model/grading-model.js';
import { type ActiveOverride, assignGrade } from './model/assign.js';
import { nextStanding, type Standing } from './model/scoring.js';
import { type ChunkSteps, paceChunks, RegradeBackground, type RunConnections, turnEvery } from './regrade-background.js';

export interface RegradeRun {
  id: string;
  modelVersion: string;
  asOf: IsoDate;
  status: 'running' | 'completed' | 'failed';
  chunkSize: number;
  lastEnterpriseId: string | null;
  processed: number;
  changed: number;
  total: number | null;
  startedBy: string;
  /** user name (actor.name), so the run list shows who started it */
  startedByName: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
}

interface Chunk {
  ids: string[];
  records: Map<string, Array<{ id: string; categoryCode: string; occurredOn: string; status: string }>>;
  listings: Map<string, Array<{ id: string }>>;
  /** the row covering the run's date; `followedByFuture`: rows after it that future listing dates fixed (future-grades.ts) */
  current: Map<
    string,
    { id: string; grade: Grade; overridden: boolean; overrideId: string | null; validFrom: string; standing: Standing; followedByFuture: boolean }
  >;
  overrides: Map<string, ActiveOverride>;
  /** a run dated before today: the stored row covering its date, per enterprise (backdated-run.ts) */
  past: Map<string, PastSlot> | null;
}

interface NewRunGrade {
  e: string;
  g: Grade;
  s: number;
  x: unknown;
  st: Standing;
  f: string;
  o: boolean;
  oi: string | null;
}

const GRADE_COLUMNS = 'enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, override_id, source, run_id';
/** COPY text format escapes: backslash first, then the characters that end a field or a row. */
const copyText = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s);

/** 10k enterprises (~30k records) a chunk: as fast as 50k on 1M, and the API's working set stays small (docs/performance.md). */
export const DEFAULT_CHUNK = 10_000;

/** A grading.runs row as pg answers it: bigint counters as text, timestamps as Date. */
interface RunRow extends Omit<RegradeRun, 'processed' | 'changed' | 'total' | 'startedAt' | 'updatedAt' | 'finishedAt'> {
  processed: string | number;
  changed: string | number;
  total: string | number | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}
const RUN_COLUMNS = selectList<RunRow>({
  id: 'id',
  modelVersion: 'model_version',
  asOf: 'as_of::text',
  status: 'status',
  chunkSize: 'chunk_size',
  lastEnterpriseId: 'last_enterprise_id',
  processed: 'processed',
  changed: 'changed',
  total: 'total',
  startedBy: 'started_by',
  startedByName: 'started_by_name',
  startedAt: 'started_at',
  updatedAt: 'updated_at',
  finishedAt: 'finished_at',
  error: 'error',
});
const toRun = (r: RunRow): RegradeRun => ({
  ...r,
  processed: Number(r.processed),
  changed: Number(r.changed),
  total: r.total === null ? null : Number(r.total),
  startedAt: new Date(r.startedAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
  finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
});

/** The chunk's open grades and active overrides, each as JSON text of tuples (json_build_array in read()). */
type CurrentTuple = [string, string, Grade, boolean, string | null, string, Standing, string | null];
type OverrideTuple = [string, string, Grade, string, IsoDate];

/**
 * Full regrade (model change, nightly windows): walks enterprises in id order in chunks; per chunk one read of
 * records, listings, current grades and overrides, scoring in memory, and set-based writes of only the enterprises
 * whose grade (or override) changes, with the run's progress in the same transaction, so a run resumes after its
 * last committed chunk. The next chunk is read while the current one is written.
 */
const INTERRUPTED = 'interrupted: the API stopped; resume the run to finish it';

@Injectable()
export class RegradeRuns implements BeforeApplicationShutdown {
  private readonly log = new Logger('RegradeRuns');
  private readonly inProcess = new Set<string>();
  /** The runs this process is working on, settled once marked completed or failed. */
  private readonly working = new Map<string, Promise<void>>();
  private stopping = false;
  private readonly background: RegradeBackground;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectDataSource(BULK_DATA_SOURCE) bulk: DataSource, // background work: regrade-background.ts
    config: AppConfig,
    private readonly models: GradingModels,
    private readonly credit: CreditRecordsService,
    private readonly blacklist: BlacklistReader,
    private readonly audit: AuditLog,
    private readonly grading: GradingService,
    private readonly events: DomainEvents,
  ) {
    this.background = new RegradeBackground(dataSource, bulk, config.QCR_BULK_NICE);
  }

  async list(): Promise<RegradeRun[]> {
    return (await queryRows<RunRow>(this.dataSource, `SELECT ${RUN_COLUMNS} FROM grading.runs ORDER BY started_at DESC LIMIT 50`)).map(toRun);
  }

  async get(id: string): Promise<RegradeRun> {
    const row = await queryOne<RunRow>(this.dataSource, `SELECT ${RUN_COLUMNS} FROM grading.runs WHERE id = $1`, [id]);
    if (!row) throw problem(GradingProblems.runNotFound, `no regrade run ${id}`);
    return toRun(row);
  }

  /** Creates a run; `wait` false returns at once and the run proceeds in the background (progress via get()). */
  async start(actor: Actor, opts: { asOf?: IsoDate; chunkSize?: number; wait?: boolean } = {}): Promise<RegradeRun> {
    const asOf = opts.asOf ?? todayInChina();
    if (!isIsoDate(asOf)) throw problem(GradingProblems.badDate, 'asOf must be YYYY-MM-DD');
    this.refuseWhileStopping(); // before the run's row exists: a row no process works on would block every new run
    const model = await this.models.active();
    const id = await inTransaction(this.dataSource, async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(7305002)`);
      const running = await queryOne<{ id: string }>(em, `SELECT id FROM grading.runs WHERE status = 'running' AND updated_at > now() - interval '10 minutes'`);
      if (running) throw problem(GradingProblems.runActive, `run ${running.id} is in progress`, [], { runId: running.id });
      const estimate = await queryOne<{ n: string }>(em, `SELECT enterprises.register_estimate() AS n`); // the register's published estimate (issue 23)
      const n = estimate?.n ?? '0';
      const row = await querySingle<{ id: string }>(
        em,
        `INSERT INTO grading.runs (model_version, as_of, chunk_size, started_by, started_by_name, total) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [model.version, asOf, opts.chunkSize ?? DEFAULT_CHUNK, actor.id, actor.name, Number(n) > 0 ? n : null],
      );
      await this.audit.record(em, actor, {
        action: 'grading.run.start',
        entityType: 'grading_run',
        entityId: row.id,
        after: { asOf, modelVersion: model.version },
      });
      return row.id;
    });
    return this.continue(id, opts.wait ?? false);
  }

  /** Resumes a failed or interrupted run after its last committed chunk. */
  async resume(actor: Actor, id: string, wait = false): Promise<RegradeRun> {
    this.refuseWhileStopping();
    const run = await this.get(id);
    if (run.status === 'completed' || this.inProcess.has(id)) throw problem(GradingProblems.runNotResumable, `run ${id} is ${run.status}`);
    const { kind } = await querySingle<{ kind: string }>(this.dataSource, `SELECT kind FROM grading.runs WHERE id = $1`, [id]); // get() found it
    // A history rebuild resumes by running it again: enterprises it finished no longer change (docs/grading.md).
    if (kind !== 'regrade') throw problem(GradingProblems.runNotResumable, `run ${id} is a ${kind}: run \`cli regrade --rebuild-history\` again`);
    await inTransaction(this.dataSource, async (em) => {
      await em.query(`UPDATE grading.runs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(em, actor, { action: 'grading.run.resume', entityType: 'grading_run', entityId: id, after: { from: run.lastEnterpriseId } });
    });
    return this.continue(id, wait);
  }

  /** For the CLI: a full regrade as of a date, waiting until it ends. */
  regradeAll(actor: Actor, opts: { asOf?: IsoDate; chunkSize?: number } = {}): Promise<RegradeRun> {
    return this.start(actor, { ...opts, wait: true });
  }

  /**
   * A stopping API ends its runs after the chunk in hand, marked failed ("interrupted") and resumable from their last
   * committed chunk. Left `running`, a run would refuse every new one (409) until it looked stale, ten minutes on.
   * Before shutdown, while the pool is still open.
   */
  private refuseWhileStopping(): void {
    if (this.stopping) throw problem(CommonProblems.unavailable, 'the API is stopping', [], { retryAfter: 5 });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.working.values());
  }

  private async continue(id: string, wait: boolean): Promise<RegradeRun> {
    if (this.stopping) {
      // the stop came while the run's row was written: leave it resumable, not `running` with nobody working on it
      await this.dataSource.query(`UPDATE grading.runs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [id, INTERRUPTED]);
      this.refuseWhileStopping();
    }
    this.inProcess.add(id);
    const work = this.process(id)
      .catch(async (err) => {
        this.log.error(`regrade run ${id} failed: ${(err as Error).stack ?? err}`);
        await this.dataSource.query(`UPDATE grading.runs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
          id,
          String((err as Error).message ?? err),
        ]);
      })
      .finally(() => {
        this.inProcess.delete(id);
        this.working.delete(id);
        // what the run's chunks left in the heap goes back to the system now, not whenever V8 gets to it (issue 20)
        if (!this.stopping) void releaseMemoryAfterBulkRun().catch((err: Error) => this.log.warn(`releasing memory after run ${id}: ${err.message}`));
      });
    this.working.set(id, work);
    if (wait) await work;
    return this.get(id);
  }

  private async process(id: string): Promise<void> {
    const run = await this.get(id);
    const model = await this.models.get(run.modelVersion);
    // A run dated before today writes history only (issue 15); "today" is fixed when the run (re)starts.
    const today = todayInChina();
    const past = run.asOf < today;
    const connections = this.background.forRun();
    const steps: ChunkSteps<Chunk> = {
      read: (after) => this.read(connections, after, run.chunkSize, run.asOf, past),
      lastId: (chunk) => chunk.ids.at(-1),
      write: (chunk) => (chunk.past ? this.writePast(run, model, chunk, chunk.past, today) : this.write(connections, run, model, chunk)),
      checkpoint: () => {
        if (this.stopping) throw new Error(INTERRUPTED);
      },
    };
    try {
      // requests run first: the run yields to them (regrade-background.ts)
      await paceChunks(steps, run.lastEnterpriseId ?? '00000000-0000-0000-0000-000000000000', () => this.background.foregroundBusy());
    } finally {
      await connections.end();
    }
    await this.dataSource.query(`UPDATE grading.runs SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  private read(connections: RunConnections, after: string, size: number, asOf: IsoDate, past: boolean): Promise<Chunk> {
    return connections.on('read', ({ runner }) => this.readOn(runner, after, size, asOf, past));
  }

  /** One connection, its reads one after another (a reniced bulk backend: regrade-background.ts). */
  private async readOn(runner: QueryRunner, after: string, size: number, asOf: IsoDate, past: boolean): Promise<Chunk> {
    // Iterates the register by id through the view the enterprises context publishes (docs/contracts.md, issue 23).
    const idRows = await queryRows<{ id: string }>(runner, `SELECT id FROM enterprises.register WHERE id > $1::uuid ORDER BY id LIMIT $2`, [after, size]);
    const ids = idRows.map((r) => r.id);
    const lastId = ids.at(-1);
    if (lastId === undefined) return { ids, records: new Map(), listings: new Map(), current: new Map(), overrides: new Map(), past: null };
    const records = await this.credit.countingRecordsInIdRange(after, lastId, asOf, runner.manager);
    const listings = await this.blacklist.activeListingsMany(ids, asOf, runner.manager);
    const state = await querySingle<{ current: string; overrides: string }>(
      runner,
      `SELECT
         (SELECT coalesce(json_agg(json_build_array(enterprise_id, id::text, grade, overridden, override_id, valid_from, standing, valid_to)), '[]')::text
            FROM grading.grades WHERE enterprise_id BETWEEN $2::uuid AND $3::uuid
             AND valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date)) AS current,
         (SELECT coalesce(json_agg(json_build_array(enterprise_id, id, grade, reason, valid_until) ORDER BY reviewed_at), '[]')::text
            FROM grading.overrides WHERE enterprise_id BETWEEN $2::uuid AND $3::uuid AND status = 'approved'
             AND valid_from <= $1::date AND $1::date < valid_until) AS overrides`,
      [asOf, ids[0], ids[ids.length - 1]],
    );
    const pastSlots = past ? await readPastSlots(runner, ids, asOf) : null;
    const current = new Map<string, Chunk['current'] extends Map<string, infer V> ? V : never>();
    for (const [eid, gid, grade, overridden, overrideId, validFrom, standing, validTo] of JSON.parse(state.current) as CurrentTuple[]) {
      current.set(eid, { id: gid, grade, overridden, overrideId, validFrom, standing, followedByFuture: validTo !== null });
    }
    const overrides = new Map<string, ActiveOverride>();
    for (const [eid, oid, grade, reason, validUntil] of JSON.parse(state.overrides) as OverrideTuple[])
      overrides.set(eid, { id: oid, grade, reason, validUntil });
    return { ids, records, listings, current, overrides, past: pastSlots };
  }

  /** A chunk of a backdated run: history rows for [D, …) where they differ, never the open row (backdated-run.ts). */
  private async writePast(run: RegradeRun, model: GradingModel, chunk: Chunk, slots: Map<string, PastSlot>, today: IsoDate): Promise<void> {
    const rows: PastRow[] = [];
    for (const [i, eid] of chunk.ids.entries()) {
      await turnEvery(i);
      const slot = slots.get(eid) ?? { covering: null, nextFrom: null };
      const next = assignGrade(
        model,
        {
          records: chunk.records.get(eid) ?? [],
          asOf: run.asOf,
          activeListings: (chunk.listings.get(eid) ?? []).map((l) => l.id),
          standing: slot.covering?.standing ?? {},
        },
        chunk.overrides.get(eid) ?? null,
      );
      const row = planPastRow(eid, run.asOf, today, slot, next);
      if (row) rows.push(row);
    }
    await inTransaction(this.dataSource, async (em) => {
      await writePastRows(em, rows, run.asOf, model.version, run.id);
      await em.query(`UPDATE grading.runs SET last_enterprise_id = $2, processed = processed + $3, changed = changed + $4, updated_at = now() WHERE id = $1`, [
        run.id,
        chunk.ids[chunk.ids.length - 1],
        chunk.ids.length,
        rows.length,
      ]);
    });
  }

  private async write(connections: RunConnections, run: RegradeRun, model: GradingModel, chunk: Chunk): Promise<void> {
    const close: string[] = [];
    const inserts: NewRunGrade[] = [];
    // A changed grade followed by rows that future listing dates fixed (future-grades.ts): regraded one by one below.
    const deferred: string[] = [];
    for (const [i, eid] of chunk.ids.entries()) {
      await turnEvery(i);
      const cur = chunk.current.get(eid);
      const next = assignGrade(
        model,
        {
          records: chunk.records.get(eid) ?? [],
          asOf: run.asOf,
          activeListings: (chunk.listings.get(eid) ?? []).map((l) => l.id),
          standing: cur?.standing ?? {},
        },
        chunk.overrides.get(eid) ?? null,
      );
      // Only a change of grade (or override) makes a new history row.
      if (cur && cur.grade === next.grade && cur.overridden === next.overridden && cur.overrideId === next.overrideId) continue;
      if (cur?.followedByFuture) {
        deferred.push(eid);
        continue;
      }
      const validFrom = cur && cur.validFrom > run.asOf ? cur.validFrom : run.asOf;
      if (cur) close.push(cur.id);
      inserts.push({
        e: eid,
        g: next.grade,
        s: next.score,
        x: next.explanation,
        st: nextStanding(cur?.standing ?? null, next.grade, validFrom),
        f: validFrom,
        o: next.overridden,
        oi: next.overrideId,
      });
    }
    await connections.on('write', async (connection) => {
      const qr = connection.runner;
      const client = connection.client as { query(q: object): NodeJS.WritableStream };
      await this.writeChunk(qr, client, run, model, chunk, close, inserts);
    });
    for (const eid of deferred) await inTransaction(this.dataSource, (em) => this.grading.regradeEnterprise(em, eid, run.asOf, 'run'));
  }

  /** The chunk's grade rows and the run's progress in one transaction, on the run's bulk connection. */
  private async writeChunk(
    qr: QueryRunner,
    client: { query(q: object): NodeJS.WritableStream },
    run: RegradeRun,
    model: GradingModel,
    chunk: Chunk,
    close: string[],
    inserts: NewRunGrade[],
  ): Promise<void> {
    try {
      await qr.startTransaction();
      if (close.length) {
        await qr.query(`UPDATE grading.grades SET valid_to = greatest(valid_from, $2::date) WHERE id = ANY($1::bigint[]) AND valid_to IS NULL`, [
          close,
          run.asOf,
        ]);
      }
      if (inserts.length) {
        await this.insertGrades(qr, client, inserts, model.version, run.id);
        // One event for the chunk: subscribers (the change feed) work set-wise, one statement per chunk.
        await this.events.publish(qr.manager, { type: GRADE_CHANGED, enterpriseIds: inserts.map((x) => x.e) });
      }
      await qr.query(`UPDATE grading.runs SET last_enterprise_id = $2, processed = processed + $3, changed = changed + $4, updated_at = now() WHERE id = $1`, [
        run.id,
        chunk.ids[chunk.ids.length - 1],
        chunk.ids.length,
        inserts.length,
      ]);
      await qr.commitTransaction();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    }
  }

  /**
   * New grade rows of a chunk: one COPY straight into grading.grades (text format; the explanation travels as JSON text
   * and is parsed once, as jsonb). A concurrent single-enterprise regrade may have won for some enterprise: then the COPY
   * fails on grades_current / grades_no_overlap, is rolled back to its savepoint, and the chunk goes in by
   * INSERT … ON CONFLICT DO NOTHING instead, which keeps the winner's row.
   */
  private async insertGrades(
    qr: QueryRunner,
    client: { query(q: object): NodeJS.WritableStream },
    inserts: NewRunGrade[],
    modelVersion: string,
    runId: string,
  ) {
    await qr.query(`SAVEPOINT grades_copy`);
    try {
      const sink = client.query(copyFrom(`COPY grading.grades (${GRADE_COLUMNS}) FROM STDIN`));
      const mv = copyText(modelVersion);
      function* lines() {
        let buf = '';
        for (const x of inserts) {
          buf +=
            `${x.e}\t${x.g}\t${x.s}\t${mv}\t${copyText(JSON.stringify(x.x))}\t${copyText(JSON.stringify(x.st))}\t${x.f}\t${x.o ? 't' : 'f'}\t` +
            `${x.oi ?? '\\N'}\trun\t${runId}\n`;
          if (buf.length > 1 << 16) {
            yield buf;
            buf = '';
          }
        }
        if (buf) yield buf;
      }
      await pipeline(Readable.from(lines()), sink);
      await qr.query(`RELEASE SAVEPOINT grades_copy`);
    } catch (err) {
      if (!isPgError(err, PG.uniqueViolation) && !isPgError(err, PG.exclusionViolation)) throw err;
      await qr.query(`ROLLBACK TO SAVEPOINT grades_copy`);
      await qr.query(
        `INSERT INTO grading.grades (${GRADE_COLUMNS})
         SELECT x.e, x.g, x.s, $2, x.x, x.st, x.f, x.o, x.oi, 'run', $3
           FROM json_to_recordset($1::json) AS x(e uuid, g text, s numeric, x jsonb, st jsonb, f date, o boolean, oi uuid)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(inserts), modelVersion, runId],
      );
    }
  }
}
