import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, foregroundBusy, inTransaction, queryRows, querySingle, requestsArriving } from '#qcr/platform';
import { PgBoss, type JobResult } from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { ExtractsService } from '../extracts/extracts.service.js';
import { ChangeSequencer } from '../outbox/change-sequencer.js';
import { signatureHeader } from './signature.js';
import { postWebhook, type SendResult } from './webhook-sender.js';
import { BulkPace, orderedJobIds } from './bulk-pace.js';
import { type DeliveryAttempt, type DeliveryWork, type NewDelivery, WebhooksRepository } from './webhooks.repository.js';

export const DELIVERY_QUEUE = 'webhook-delivery';
/** The daily extract, scheduled through pg-boss: once per slot across instances, in QCR_JOBS_TIMEZONE. */
export const EXTRACT_QUEUE = 'daily-extract';
/**
 * pg-boss's own schema, created and upgraded by pg-boss's migrate at start, not by a TypeORM migration: pg-boss
 * versions its schema itself (and refuses to run against another version), so a frozen copy of its DDL in our
 * migrations would drift from the library on the first upgrade.
 */
export const JOBS_SCHEMA = 'qcr_jobs';
/** One dispatcher at a time, so jobs of one enterprise are created in event order across instances. */
const DISPATCH_LOCK = 7_305_102;
const DISPATCH_BATCH = 500;
const DISPATCH_IDLE_MS = 100;
/**
 * At most this many delivery jobs wait in pg-boss (created, not yet fetched); the rest wait as `new` rows of
 * changes.deliveries, in id order. Why: key_strict_fifo's fetch finds each key's head over every waiting job of the
 * queue, so a regrade's 10,000 deliveries dispatched at once made every fetch read all of them — cost per delivery
 * grew with the backlog (docs/changes.md § "What a delivery costs"). Several rounds of both workers keep them fed.
 */
const DISPATCH_QUEUE_CAP = 256;
/**
 * Room under the cap that bulk jobs (a regrade's, an import's) leave to single-enterprise ones: a queue full of a
 * regrade's jobs must not hold a decision's delivery back (issue 20: decision → receiver ≤ 2 s p99). A decision makes
 * one delivery per watching endpoint (the bench: 10).
 */
const FOREGROUND_ROOM = 64;
/**
 * A job's pg-boss priority says which worker takes it: a key (endpoint + enterprise) with a single-enterprise delivery
 * in the dispatch pass gets FOREGROUND_PRIORITY (its older bulk deliveries, taken along, too) and the foreground worker;
 * the rest are bulk and go to the bulk worker. pg-boss fetches higher priority first across keys; key_strict_fifo
 * still picks each key's head by creation order over the whole queue, whichever worker fetches — so a decision queued
 * behind a bulk delivery of its enterprise waits until the bulk worker has sent that one (order per enterprise).
 */
const FOREGROUND_PRIORITY = 1;
const BULK_PRIORITY = 0;
/** A dispatch pass that queued nothing. */
const NOTHING = { n: 0, foreground: 0, bulk: 0 } as const;
/**
 * How a process takes single-enterprise deliveries (a decision's, a rename's, a test): 8 loops, each fetching up to
 * 4 jobs (distinct keys: key_strict_fifo hands out one job per endpoint + enterprise), reading them in one statement,
 * posting them at once and recording their attempts in one statement; each job is settled on its own
 * (`perJobResults`: a failed POST is retried, the batch's others complete; pg-boss completes them in one statement).
 * A full batch fetches again at once (`burstWhenBatchFull`); only a short one waits for the poll. Not 16 a fetch: a
 * decision's 10 deliveries then fitted one short batch and its p99 to the receivers rose from ~150 ms to 440–570 ms
 * (`bench:webhooks`). A receiver that hangs holds its batch's other three for at most the 5 s timeout; the other
 * loops go on.
 */
const FOREGROUND_WORK = {
  batchSize: 4,
  localConcurrency: 8,
  pollingIntervalSeconds: 0.5,
  burstWhenBatchFull: true,
  perJobResults: true,
  minPriority: FOREGROUND_PRIORITY,
} as const;
/**
 * How a process takes bulk deliveries (a regrade run's, an import's): 2 loops of 16 jobs a fetch. Each fetch, read,
 * attempt record and completion is one statement for the whole batch, so a bulk delivery costs a quarter of the
 * statements a batch of 4 did. Why it matters: while checks stream, every bulk delivery's statements are parsed on
 * the API's one thread beside them — a CPU profile of a watched 1M regrade under checks put ~0.8 ms of that thread on
 * each delivery, ~5 % of it at 50 a second (docs/changes.md § "Two delivery workers, kept-alive connections"). A
 * receiver that hangs holds its batch's other 15 for at most the 5 s timeout; latency is not this class's concern, and
 * the other loop goes on.
 */
const BULK_WORK = {
  batchSize: 16,
  localConcurrency: 2,
  pollingIntervalSeconds: 0.5,
  burstWhenBatchFull: true,
  perJobResults: true,
  maxPriority: BULK_PRIORITY,
} as const;

/**
 * The context's pg-boss (webhook deliveries and the daily extract's schedule). Delivers the outbox to agencies' endpoints: `changes.deliveries` rows (written in the change's transaction) are
 * turned into pg-boss jobs in one transaction with marking them queued, in a key_strict_fifo queue keyed by
 * endpoint + enterprise (ordering per enterprise; a failing receiver holds back only its own keys). Each attempt is
 * recorded; pg-boss retries with exponential backoff and jitter; after the last retry the delivery is `dead`.
 * Jobs live in PostgreSQL: a restart or kill -9 loses none (an active job of a dead worker expires and is retried).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('WebhookWorker');
  private boss: PgBoss | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** pg-boss worker ids: single-enterprise deliveries, bulk ones */
  private workerIds: { foreground: string; bulk: string } | null = null;
  /** a dispatch is running / was asked for while one ran (the sequencer numbered events with deliveries meanwhile) */
  private dispatching = false;
  private wakeUp = false;
  /** bulk deliveries dispatched at QCR_WEBHOOK_BULK_PER_SECOND while requests run */
  private readonly pace: BulkPace;
  /** request-pool connections this worker's own deliveries hold now (not foreground work) */
  private ownConnections = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly config: AppConfig,
    private readonly extracts: ExtractsService,
    sequencer: ChangeSequencer,
  ) {
    this.pace = new BulkPace(config.QCR_WEBHOOK_BULK_PER_SECOND);
    // deliveries are written when their event is numbered: dispatch them now rather than at the next idle poll
    sequencer.onSequenced((s) => {
      if (s.deliveries > 0) this.wake();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.QCR_WEBHOOKS_ENABLED) return;
    const options = this.db.options as { url?: string };
    // supervise at least as often as a job may stay active, so a dead worker's delivery is retried promptly
    const boss = new PgBoss({
      connectionString: options.url,
      schema: JOBS_SCHEMA,
      max: 3,
      application_name: 'qcr-webhooks',
      superviseIntervalSeconds: Math.min(60, this.config.QCR_WEBHOOK_EXPIRE_SECONDS),
    });
    boss.on('error', (err) => this.log.warn(`pg-boss: ${err.message}`));
    await boss.start();
    if (!(await boss.getQueue(DELIVERY_QUEUE))) {
      await boss.createQueue(DELIVERY_QUEUE, {
        policy: 'key_strict_fifo',
        retryLimit: this.config.QCR_WEBHOOK_RETRY_LIMIT,
        retryDelay: this.config.QCR_WEBHOOK_RETRY_DELAY_SECONDS,
        retryBackoff: true,
        retryDelayMax: this.config.QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS,
        expireInSeconds: this.config.QCR_WEBHOOK_EXPIRE_SECONDS,
      });
    }
    const deliver = (jobs: { id: string; data: { deliveryId: string }; retryCount: number }[]) =>
      this.deliverBatch(
        jobs.map((job) => ({ jobId: job.id, deliveryId: job.data.deliveryId, retryCount: job.retryCount })),
        this.config.QCR_WEBHOOK_RETRY_LIMIT,
      );
    this.workerIds = {
      foreground: await boss.work<{ deliveryId: string }, JobResult[], typeof FOREGROUND_WORK>(DELIVERY_QUEUE, FOREGROUND_WORK, deliver),
      bulk: await boss.work<{ deliveryId: string }, JobResult[], typeof BULK_WORK>(DELIVERY_QUEUE, BULK_WORK, deliver),
    };
    if (!(await boss.getQueue(EXTRACT_QUEUE))) await boss.createQueue(EXTRACT_QUEUE, { retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 });
    await boss.schedule(EXTRACT_QUEUE, this.config.QCR_EXTRACT_CRON, null, { tz: this.config.QCR_JOBS_TIMEZONE });
    await boss.work(EXTRACT_QUEUE, async () => {
      await this.extracts.run();
    });
    this.boss = boss;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.boss?.stop({ graceful: true, timeout: 6_000 });
  }

  private wake(): void {
    if (!this.boss || this.stopping) return;
    if (this.dispatching) {
      this.wakeUp = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.dispatching = true;
      this.wakeUp = false;
      this.dispatch()
        .then((n) => {
          this.dispatching = false;
          this.schedule(n === DISPATCH_BATCH || this.wakeUp ? 0 : DISPATCH_IDLE_MS);
        })
        .catch((err) => {
          this.dispatching = false;
          this.log.warn(`dispatch failed: ${(err as Error).message}`);
          this.schedule(1_000);
        });
    }, ms);
  }

  /**
   * New deliveries → jobs, in the same transaction as marking them queued (pg-boss writes through our connection).
   * Single-enterprise deliveries go at once; bulk ones (a regrade run's, an import's) at QCR_WEBHOOK_BULK_PER_SECOND
   * while requests hold connections of the request pool, and as fast as the workers go when the API is idle
   * (docs/changes.md § "Paced bulk deliveries"). takeNew keeps each key's order across the two classes.
   */
  async dispatch(): Promise<number> {
    const boss = this.boss;
    if (!boss) return 0;
    // requests arriving (a check holds its connection too briefly for the pool to show it) or holding connections
    const busy = requestsArriving() || foregroundBusy(this.db, this.ownConnections);
    return inTransaction(this.db, async (em) => {
      const { locked } = await querySingle<{ locked: boolean }>(em, 'SELECT pg_try_advisory_xact_lock($1) AS locked', [DISPATCH_LOCK]);
      if (!locked) return NOTHING;
      const room = DISPATCH_QUEUE_CAP - (await this.repo.waitingJobs(JOBS_SCHEMA, DELIVERY_QUEUE, DISPATCH_QUEUE_CAP));
      if (room <= 0) return NOTHING;
      const limit = Math.min(DISPATCH_BATCH, room);
      const bulk = Math.min(limit, Math.max(0, room - FOREGROUND_ROOM), this.pace.allowance(busy, Date.now()));
      const rows = await this.repo.takeNew(em, limit, bulk, limit);
      if (rows.length === 0) return NOTHING;
      const ids = orderedJobIds(rows.length);
      const foregroundKeys = new Set(rows.filter((r) => !r.bulk).map(keyOf));
      const foreground = rows.filter((r) => foregroundKeys.has(keyOf(r))).length;
      await boss.insert(
        DELIVERY_QUEUE,
        rows.map((r, i) => ({
          id: ids[i],
          data: { deliveryId: r.id },
          singletonKey: keyOf(r),
          // a key with a single-enterprise delivery in the batch goes to the foreground worker, its older bulk ones included
          priority: foregroundKeys.has(keyOf(r)) ? FOREGROUND_PRIORITY : BULK_PRIORITY,
        })),
        { db: executor(em) },
      );
      await this.repo.markQueued(
        em,
        rows.map((r) => r.id),
      );
      this.pace.spent(rows.filter((r) => r.bulk).length);
      return { n: rows.length, foreground, bulk: rows.length - foreground };
    }).then(({ n, foreground, bulk }) => {
      // wake this process's workers now rather than at their next poll (decision → receiver latency, issue 20); a paced
      // burst of bulk jobs waits for the bulk worker's poll (≤ 0.5 s): waking it costs a fetch, for little
      if (foreground > 0 && this.workerIds) boss.notifyWorker(this.workerIds.foreground);
      if (bulk > 0 && !busy && this.workerIds) boss.notifyWorker(this.workerIds.bulk);
      return n;
    });
  }

  /**
   * One attempt of each delivery of a fetched batch: read in one statement, posted at once, recorded in one statement.
   * A failed POST is handed back to pg-boss for a retry (`failed`); the last failure parks it as `dead` and completes
   * the job (a failed job would hold back this enterprise's later deliveries for good). If recording fails, every job
   * of the batch is retried: at-least-once, never lost.
   */
  async deliverBatch(jobs: DeliveryJob[], retryLimit: number): Promise<JobResult[]> {
    try {
      const works = new Map((await this.own(() => this.repo.workMany(jobs.map((j) => j.deliveryId)))).map((w) => [w.id, w]));
      const outcomes = await Promise.all(
        jobs.map(async (job) => {
          const work = works.get(job.deliveryId);
          if (!work || work.state === 'delivered' || work.state === 'dead' || !work.active) return { job, attempt: null };
          const result = await this.post(work);
          const last = job.retryCount >= retryLimit;
          const state: DeliveryAttempt['state'] = result.ok ? 'delivered' : last ? 'dead' : 'queued';
          return { job, attempt: { id: work.id, state, status: result.status, error: result.error } satisfies DeliveryAttempt };
        }),
      );
      await this.own(() => this.repo.recordAttempts(outcomes.flatMap((o) => (o.attempt ? [o.attempt] : []))));
      return outcomes.map(({ job, attempt }): JobResult =>
        attempt?.state === 'queued'
          ? { id: job.jobId, status: 'failed', output: { message: attempt.error ?? 'delivery failed' } }
          : { id: job.jobId, status: 'completed' },
      );
    } catch (err) {
      return jobs.map((job): JobResult => ({ id: job.jobId, status: 'failed', output: { message: (err as Error).message } }));
    }
  }

  /** A statement of the worker's own on the request pool: not foreground work for the pacing. */
  private async own<T>(statement: () => Promise<T>): Promise<T> {
    this.ownConnections++;
    try {
      return await statement();
    } finally {
      this.ownConnections--;
    }
  }

  private post(work: DeliveryWork): Promise<SendResult> {
    const event: Record<string, unknown> | null = work.event
      ? { ...work.event, verdicts: scoped(work.event.verdicts as Record<string, unknown>, work.purposes) }
      : null;
    const body = JSON.stringify({ deliveryId: work.id, eventId: event?.cursor ?? null, type: work.kind, event });
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [work.secret, ...(work.previousSecret ? [work.previousSecret] : [])];
    return postWebhook(
      work.url,
      body,
      {
        'qcr-signature': signatureHeader(secrets, timestamp, body),
        'qcr-event-id': typeof event?.cursor === 'string' ? event.cursor : `test-${work.id}`,
        'qcr-delivery-id': work.id,
        'user-agent': 'qcr-webhooks/1',
      },
      this.config.QCR_WEBHOOKS_ALLOW_PRIVATE,
    );
  }
}

interface DeliveryJob {
  jobId: string;
  deliveryId: string;
  retryCount: number;
}

/** key_strict_fifo's key: deliveries of one endpoint and enterprise are sent one after another, in order. */
const keyOf = (r: NewDelivery): string => `${r.endpointId}:${r.enterpriseId ?? `test-${r.id}`}`;

function executor(em: EntityManager) {
  return { executeSql: async (text: string, values?: unknown[]) => ({ rows: await queryRows<Record<string, unknown>>(em, text, values) }) };
}

/** A partner is told only about its agency's purposes. */
function scoped(verdicts: Record<string, unknown>, purposes: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(verdicts ?? {}).filter(([p]) => purposes.includes(p)));
}
