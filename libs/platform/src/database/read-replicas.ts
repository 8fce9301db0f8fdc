import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './unavailable.js';

/**
 * Streaming replicas for the check path (issue 22, DATABASE_READ_URLS; docs/scale.md).
 *
 * "A verdict never lags a decision": every transaction committed through `inTransaction` waits, after its
 * commit, until each replica in rotation has replayed the primary's WAL position at that moment (an LSN
 * fence on the write side). The write's answer therefore comes after every replica serving checks can see
 * it, on every API instance, without asking the operator for synchronous_standby_names. A replica that has
 * not caught up within QCR_REPLICA_MAX_LAG_MS is taken out of rotation (the write still succeeds); the
 * monitor puts it back once it has replayed what the primary had one tick earlier. A replica that cannot
 * be reached is out too; its reads go to the primary, so a replica down never turns into a 5xx.
 */
interface Replica {
  url: string;
  label: string;
  pool: pg.Pool;
  inRotation: boolean;
}

/** One request's replica (replica-reads.ts): every read of the request goes to it, so they see one WAL position. */
export interface ReplicaLease {
  readonly label: string;
  /** false once the request's read is over: a timer started inside it no longer reads on the replica */
  open: boolean;
  /** a connection was taken on the replica (so a failure may be the replica's) */
  used: boolean;
}

interface Lease extends ReplicaLease {
  replica: Replica;
}

/** The lease of the read in progress, if any (set by `readOnReplica`). */
export const leaseScope = new AsyncLocalStorage<{ db: DataSource; lease: ReplicaLease }>();

const routes = new WeakMap<DataSource, ReadReplicas>();

/** Registers `replicas` for the reads and commits made through `db`; `routeReads` (replica-reads.ts) is the way in. */
export function registerReplicas(db: DataSource, replicas: ReadReplicas): void {
  routes.set(db, replicas);
}

export function replicasOf(db: DataSource): ReadReplicas | undefined {
  return routes.get(db);
}

export class ReadReplicas {
  private readonly log = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private next = 0;
  private timer?: NodeJS.Timeout;
  private lastPrimaryLsn: string | null = null;

  constructor(
    private readonly primary: pg.Pool,
    urls: string[],
    private readonly maxLagMs: number,
    poolSize = 10,
  ) {
    this.replicas = urls.map((url, i) => {
      // The same session settings as the primary's pool (data-source.ts): dates are cut in UTC on both.
      const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 2_000, options: '-c timezone=UTC' });
      pool.on('error', () => undefined); // an idle replica connection dropping is the monitor's business
      return { url, label: `replica ${i + 1} (${new URL(url).host})`, pool, inRotation: false };
    });
  }

  /** First probe (so a healthy replica serves from the start), then every QCR_REPLICA_MAX_LAG_MS. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.maxLagMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  get inRotation(): string[] {
    return this.replicas.filter((r) => r.inRotation).map((r) => r.label);
  }

  /** Runs a read on a replica in rotation (round robin), or on the primary when none is; a replica failing
   *  on the connection is taken out and the read retried on the primary. */
  async read<R extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    const leased = (leaseScope.getStore()?.lease as Lease | undefined)?.replica;
    const replica = leased?.inRotation ? leased : this.nextInRotation();
    if (!replica) return this.primary.query<R>(query);
    try {
      return await replica.pool.query<R>(query);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.out(replica, `unreachable (${(err as Error).message})`);
      return this.primary.query<R>(query);
    }
  }

  /** A replica in rotation (round robin) for one request's reads, or undefined when none is. */
  lease(): ReplicaLease | undefined {
    const replica = this.nextInRotation();
    if (!replica) return undefined;
    const lease: Lease = { label: replica.label, open: true, used: false, replica };
    return lease;
  }

  /** Round robin over the replicas in rotation; undefined when none is. */
  private nextInRotation(): Replica | undefined {
    const candidates = this.replicas.filter((r) => r.inRotation);
    if (candidates.length === 0) return undefined;
    return candidates[this.next++ % candidates.length];
  }

  /** A connection on the lease's replica; null (read on the primary) once it is out of rotation or unreachable. */
  async connect(lease: ReplicaLease): Promise<pg.PoolClient | null> {
    const { replica } = lease as Lease;
    if (!lease.open || !replica.inRotation) return null;
    try {
      const client = await replica.pool.connect();
      lease.used = true;
      return client;
    } catch (err) {
      this.out(replica, `unreachable (${(err as Error).message})`);
      return null;
    }
  }

  /** The lease's replica failed under a read: out of rotation until the monitor sees it answer again. */
  failed(lease: ReplicaLease, err: unknown): void {
    this.out((lease as Lease).replica, `a read failed (${(err as Error).message})`);
  }

  /** Read-your-writes for writes the fence does not cover (the check log): waits until the lease's replica has
   *  replayed the primary's current WAL position; false when it has not within QCR_REPLICA_MAX_LAG_MS. */
  async caughtUp(lease: ReplicaLease): Promise<boolean> {
    const { replica } = lease as Lease;
    await this.waitForReplay([replica]);
    return replica.inRotation;
  }

  /** After a commit: waits until every replica in rotation has replayed the primary's current WAL position. */
  async fence(): Promise<void> {
    await this.waitForReplay(this.replicas.filter((r) => r.inRotation));
  }

  private async waitForReplay(serving: Replica[]): Promise<void> {
    if (serving.length === 0) return;
    const lsn = await this.primaryLsn();
    const deadline = Date.now() + this.maxLagMs;
    await Promise.all(
      serving.map(async (r) => {
        for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
          try {
            if (await this.replayed(r, lsn)) return;
          } catch (err) {
            return this.out(r, `unreachable (${(err as Error).message})`);
          }
          if (Date.now() > deadline) return this.out(r, `had not replayed ${lsn} ${this.maxLagMs} ms after a commit`);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }),
    );
  }

  private async primaryLsn(): Promise<string> {
    const {
      rows: [row],
    } = await this.primary.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
    if (!row) throw new Error('SELECT pg_current_wal_lsn() answered no row');
    return row.lsn;
  }

  private async replayed(r: Replica, lsn: string): Promise<boolean> {
    const { rows } = await r.pool.query<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn]);
    return rows[0]?.ok === true;
  }

  /** A replica is in rotation when it answers, is a standby, and has replayed what the primary had a tick ago. */
  private async tick(): Promise<void> {
    const previous = this.lastPrimaryLsn;
    try {
      this.lastPrimaryLsn = await this.primaryLsn();
    } catch {
      return; // the primary is down: nothing to compare with; requests get 503 from the write path anyway
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const { rows } = await r.pool.query<{ standby: boolean; ok: boolean | null }>(
            `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`,
            [previous ?? this.lastPrimaryLsn],
          );
          const row = rows[0];
          if (!row?.standby) return this.out(r, 'is not a standby');
          if (!row.ok) return this.out(r, `lags more than ${this.maxLagMs} ms`);
          if (!r.inRotation) this.log.log(`${r.label} in rotation for checks`);
          r.inRotation = true;
        } catch (err) {
          this.out(r, `unreachable (${(err as Error).message})`);
        }
      }),
    );
  }

  private out(r: Replica, why: string): void {
    if (r.inRotation) this.log.warn(`${r.label} out of rotation: ${why}`);
    r.inRotation = false;
  }
}
