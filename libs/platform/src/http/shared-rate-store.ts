import { Logger } from '@nestjs/common';
import type pg from 'pg';

/**
 * Rate-limit counts shared by every API instance (issue 22: a limit holds across instances within 10 %),
 * kept in PostgreSQL — the one store every instance already has — rather than in each process's memory.
 *
 * Why not one UPSERT per request: the limiter runs on every partner check, and a database round trip
 * per check would double the check's cost. Instead each instance counts locally and, every
 * QCR_RATE_LIMIT_SYNC_MS, adds its counts to fixed, clock-aligned windows in one statement and learns the
 * global totals back. Besides, an instance answers at most a tenth of what a window has left before it syncs
 * (LOCAL_SHARE): the overshoot is bounded by that share per other instance, not by the sync interval times the
 * request rate, and near the limit every hit is added before it is answered. Once a window is known to be over the
 * limit, answers are local.
 *
 * If the database cannot be reached the counts stay local (fail open, as one instance would behave) and
 * are added on the next successful sync. @fastify/rate-limit's store contract: incr(key, cb, window, max).
 */
interface Entry {
  windowMs: number;
  /** index of the fixed window: floor(now / windowMs), the same on every instance */
  window: number;
  /** hits here not yet added to the shared count */
  pending: number;
  /** the shared count (all instances, this one's added hits included) at the last sync */
  known: number;
}

const UPSERT = `
  INSERT INTO platform.rate_limit_counts AS c (key, window_start, hits)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])
  ON CONFLICT (key, window_start) DO UPDATE SET hits = c.hits + excluded.hits
  RETURNING key, window_start::text AS "windowStart", hits`;

/** Windows that ended more than this long ago are deleted (the longest window the API uses is a minute). */
const KEEP_MS = 10 * 60_000;
/** Entries remembered locally; spraying keys past this only forgets old windows sooner. */
const MAX_ENTRIES = 50_000;
/** Share of a window's remaining quota an instance may answer before it syncs (issue 22: within 10 %). */
const LOCAL_SHARE = 0.1;

export class RateCounterSync {
  private readonly log = new Logger('RateCounterSync');
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | null = null;
  private lastCleanup = 0;
  private lastWarning = 0;

  constructor(
    private readonly pool: pg.Pool,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.sync(), intervalMs);
    this.timer.unref();
  }

  /** One hit on `key`; the count of the current window across all instances, and ms until it ends. */
  async hit(key: string, windowMs: number, max: number): Promise<{ current: number; ttl: number }> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    let e = this.entries.get(key);
    if (!e || e.window !== window || e.windowMs !== windowMs) {
      if (!e && this.entries.size >= MAX_ENTRIES) this.forgetOld(now);
      e = { windowMs, window, pending: 0, known: 0 };
      this.entries.set(key, e);
    }
    e.pending++;
    // Answered locally only while this instance's unsynced hits stay within a tenth of what the window has left, so
    // the other instances' unseen hits can overshoot the limit by about that much; nearer the end every hit syncs.
    const left = max - e.known;
    if (left >= 0 && e.pending > Math.floor(left * LOCAL_SHARE)) await this.syncIncludingNow();
    return { current: e.known + e.pending, ttl: (window + 1) * windowMs - now };
  }

  /**
   * A sync that carries the hits counted so far: a sync already under way took its counts before them, so wait for
   * it and then join (or start) the next one. Near a limit every hit is added before it is answered, so the
   * instances' hits are serialised by the row lock of the shared count and none is answered on a stale total.
   */
  private async syncIncludingNow(): Promise<void> {
    if (this.syncing) await this.syncing;
    await this.sync();
  }

  /** Adds every pending count to the shared windows (one statement); concurrent callers share one sync. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Fastify's onClose runs after Nest has closed the pool: no final sync (the counts are for the current minute only). */
  stop(): void {
    clearInterval(this.timer);
  }

  private async syncOnce(): Promise<void> {
    const batch = [...this.entries].filter(([, e]) => e.pending > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // one lock order for all instances
    if (batch.length === 0 || this.pool.ending) return; // shutting down: a minute's counts are not worth an error
    const sent = new Map(batch.map(([key, e]) => [key, { window: e.window, hits: e.pending }]));
    try {
      const { rows } = await this.pool.query<{ key: string; windowStart: string; hits: number }>(UPSERT, [
        batch.map(([key]) => key),
        batch.map(([, e]) => e.window * e.windowMs),
        batch.map(([, e]) => e.pending),
      ]);
      for (const row of rows) {
        const e = this.entries.get(row.key);
        const s = sent.get(row.key);
        if (!e || !s || e.window !== s.window || e.window * e.windowMs !== Number(row.windowStart)) continue;
        e.pending -= s.hits; // hits that arrived during the statement stay pending
        e.known = row.hits;
      }
      await this.cleanup();
    } catch (err) {
      if (Date.now() - this.lastWarning > 30_000) {
        this.lastWarning = Date.now();
        this.log.warn(`shared rate-limit counts not synced (${(err as Error).message}); counting locally until the database answers`);
      }
    }
  }

  private async cleanup(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    await this.pool.query(`DELETE FROM platform.rate_limit_counts WHERE window_start < $1`, [now - KEEP_MS]);
    this.forgetOld(now);
  }

  private forgetOld(now: number): void {
    for (const [key, e] of this.entries) if ((e.window + 1) * e.windowMs <= now && e.pending === 0) this.entries.delete(key);
  }
}

type IncrCallback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** A store class for @fastify/rate-limit (`store` option) over one RateCounterSync; `child` keeps keys apart. */
export function sharedRateLimitStore(sync: RateCounterSync) {
  return class SharedRateLimitStore {
    constructor(
      _params?: unknown,
      private readonly namespace = 'address',
    ) {}

    incr(key: string, cb: IncrCallback, timeWindow: number, max: number): void {
      sync.hit(`${this.namespace}:${key}`, timeWindow, max).then(
        (r) => cb(null, r),
        (err: Error) => cb(err),
      );
    }

    child(): SharedRateLimitStore {
      return new SharedRateLimitStore(undefined, 'identity');
    }
  };
}
