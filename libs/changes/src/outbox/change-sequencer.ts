import { AsyncResource } from 'node:async_hooks';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { querySingle } from '#qcr/platform';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ANY_UNSEQUENCED, SEQUENCE_EVENTS } from './answers.sql.js';

/** One sequencer at a time across API workers, hosts and CLI runs (docs/changes.md § "Cursor order = commit order"). */
export const SEQUENCER_LOCK = 7_305_103;
/** The fallback: how often an instance looks for events nobody kicked a pass for (a writer that died after commit). */
export const SEQUENCER_POLL_MS = 200;
/** Events per pass transaction: a regrade chunk's events are sequenced in a few short transactions. */
const BATCH = 5_000;

export interface Sequenced {
  events: number;
  deliveries: number;
}

/**
 * Assigns the feed's cursors after the writers commit (issue 21): writers insert events without a cursor and never
 * wait for each other; one pass at a time (SEQUENCER_LOCK) numbers the committed ones in write order. A pass sees only
 * committed rows, and a pass starts only after the previous one committed, so cursor n+1 never becomes visible before
 * n: a feed resumed from a cursor skips nothing. A dead instance loses nothing: its events are committed rows without a
 * cursor, which any other instance's next pass (kick or poll) numbers; a pass that dies rolls back whole.
 *
 * Kicked in-process right after a writer's commit (TypeORM's afterTransactionCommit), not by NOTIFY: PostgreSQL
 * serialises the commits of every transaction that issued NOTIFY (one queue lock, held through the commit's flush),
 * which would bring back the queue this removes. Other instances' writes are found by the poll, or by the readers'
 * catch-up (`catchUp`), which gives a reader every event committed before its read.
 */
@Injectable()
export class ChangeSequencer implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('ChangeSequencer');
  /** Transactions that wrote events and have not ended yet: their commit kicks a pass. */
  private readonly writers = new WeakSet<QueryRunner>();
  private readonly listeners: Array<(s: Sequenced) => void> = [];
  private tail: Promise<unknown> = Promise.resolve();
  private queued: Promise<Sequenced> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    // A pass is the sequencer's work, not the request's that committed: run it outside that request's async context
    // (its round trips, traces and logs are not the writer's).
    const kick = AsyncResource.bind(() => this.kick());
    this.db.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        if (queryRunner.isTransactionActive || !this.writers.has(queryRunner)) return; // a savepoint, or no events
        this.writers.delete(queryRunner);
        kick();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.writers.delete(queryRunner);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.queued) this.poll().catch((err) => this.log.warn(`sequencer poll failed: ${(err as Error).message}`));
    }, SEQUENCER_POLL_MS);
    this.timer.unref();
  }

  /** A CLI run or a stopping API numbers what it wrote (before TypeORM closes its pool at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.catchUp();
    this.stopped = true;
  }

  /** The outbox wrote events in this transaction: kick a pass once it commits. */
  wrote(em: EntityManager): void {
    if (em.queryRunner) this.writers.add(em.queryRunner);
  }

  /** Called after each pass that numbered something (the webhook dispatcher wakes on it). */
  onSequenced(listener: (s: Sequenced) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Every event committed before the call has its cursor when this resolves (readers, extracts, shutdown). A pass that
   * fails (the lock not had within its timeout, the database briefly away) is logged, not thrown: the reader is then
   * answered from what is numbered — in order, only perhaps without the newest — rather than with a 500.
   */
  async catchUp(): Promise<void> {
    try {
      const { pending } = await querySingle<{ pending: boolean }>(this.db, ANY_UNSEQUENCED);
      if (pending) await this.next();
    } catch (err) {
      this.log.warn(`catching up failed; answering from the events numbered so far: ${(err as Error).message}`);
    }
  }

  private kick(): void {
    if (this.stopped) return;
    this.next().catch((err) => this.log.warn(`sequencing failed: ${(err as Error).message}`));
  }

  private async poll(): Promise<void> {
    const { pending } = await querySingle<{ pending: boolean }>(this.db, ANY_UNSEQUENCED);
    if (pending) this.kick();
  }

  /** A pass that starts after this call; callers before it starts share it (a burst of commits costs one pass). */
  private next(): Promise<Sequenced> {
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = null;
      return this.pass();
    });
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async pass(): Promise<Sequenced> {
    const total: Sequenced = { events: 0, deliveries: 0 };
    for (;;) {
      const done: Sequenced = await this.db.transaction(async (em) => {
        // waits (bounded) rather than tries: a pass elsewhere may have started before our writers committed
        await em.query(`SELECT set_config('lock_timeout', '10s', true), pg_advisory_xact_lock($1)`, [SEQUENCER_LOCK]);
        return querySingle<Sequenced>(em, SEQUENCE_EVENTS, [BATCH]);
      });
      total.events += done.events;
      total.deliveries += done.deliveries;
      if (done.events > 0) for (const l of this.listeners) l(done);
      if (done.events < BATCH) return total;
    }
  }
}
