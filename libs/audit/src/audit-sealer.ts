import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, auditKeyRing, type KeyRing, queryOne, queryRows, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { entryFields, type EntryRow } from './audit-entry.js';
import { GENESIS_HASH, keyedChainHash } from './audit-hash.js';
import { SEAL_LOCK } from './audit-log.service.js';

/** How often pending entries are chained: the window in which a pending entry is not yet tamper-evident. */
export const SEAL_INTERVAL_MS = 200;
const BATCH = 5_000;

/**
 * A point after which a gap in the sequence is final: every sequence value ≤ `lastIssued` was handed to a transaction
 * that already held its id (AuditLog.recordMany) when `snapshot` was taken, so once none of the snapshot's in-flight
 * transactions is still in progress, a value ≤ `lastIssued` that is not visible was rolled back and never will be.
 */
interface Horizon {
  lastIssued: bigint;
  snapshot: string;
}

/**
 * Chains audit entries after their writers commit (issue 21, docs/audit.md § sealing): hash_n = HMAC(key,
 * prev ‖ every column of entry n) in sequence order, exactly the keyed chain of issue 13, but computed by one sealer at
 * a time instead of under a lock every writer waits for. It never seals past a sequence value that a transaction still
 * in flight may hold, so an entry can never commit behind the sealed head.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('AuditSealer');
  private readonly keys: KeyRing;
  private horizon: Horizon | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
  ) {
    this.keys = auditKeyRing(config);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.seal(false).catch((err) => this.log.warn(`sealing failed: ${(err as Error).message}`));
    }, SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  /** A CLI run or a stopping API seals what it wrote (before TypeORM closes its pool at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sealAll().catch((err) => this.log.warn(`final sealing failed: ${(err as Error).message}`));
  }

  /**
   * Seals everything written before the call that can be sealed (verify, anchor, shutdown, tests): rounds until no
   * entry up to the sequence value issued at the call is pending, or `maxMs` passes (a transaction still in flight
   * holds sealing back; under steady writes newer entries keep arriving and are not waited for).
   */
  async sealAll(maxMs = 3_000): Promise<number> {
    const { last } = await querySingle<{ last: string }>(
      this.db,
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS last FROM audit.entries_seq_seq`,
    );
    const deadline = Date.now() + maxMs;
    let total = 0;
    for (;;) {
      const n = await this.seal(true);
      total += n;
      const { pending } = await querySingle<{ pending: boolean }>(
        this.db,
        'SELECT EXISTS (SELECT 1 FROM audit.entries WHERE hash IS NULL AND seq <= $1) AS pending',
        [last],
      );
      if (!pending || Date.now() > deadline) return total;
      if (n === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** One round; concurrent callers in this process share it. Returns how many entries it sealed. */
  seal(wait: boolean): Promise<number> {
    this.running ??= this.round(wait).finally(() => (this.running = null));
    return this.running;
  }

  private async round(wait: boolean): Promise<number> {
    // Order matters: settle the previous horizon BEFORE reading rows (a transaction that ends in between is then seen).
    const settledUpTo = await this.settled();
    const { id: keyId, key } = this.keys.current;
    return this.db.transaction(async (em) => {
      if (wait) await em.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK]);
      else if (!(await querySingle<{ ok: boolean }>(em, 'SELECT pg_try_advisory_xact_lock($1) AS ok', [SEAL_LOCK])).ok) return 0;
      const head = await queryOne<{ seq: string; hash: string }>(
        em,
        'SELECT e.seq::text AS seq, e.hash FROM audit.entries e WHERE e.hash IS NOT NULL ORDER BY e.seq DESC LIMIT 1',
      );
      let expected = head ? BigInt(head.seq) + 1n : 1n;
      let prevHash = head?.hash ?? GENESIS_HASH;
      let sealed = 0;
      for (;;) {
        const rows = await queryRows<EntryRow>(em, 'SELECT * FROM audit.entries WHERE seq >= $1 ORDER BY seq LIMIT $2', [String(expected), BATCH]);
        const links: Array<{ seq: string; prev: string; hash: string }> = [];
        for (const row of rows) {
          const seq = BigInt(row.seq);
          // A gap: values rolled back, or held by a transaction still in flight. Only a settled horizon tells them apart.
          if (seq !== expected && seq - 1n > settledUpTo) break;
          const hash = keyedChainHash(key, prevHash, entryFields(row, keyId));
          links.push({ seq: String(row.seq), prev: prevHash, hash });
          prevHash = hash;
          expected = seq + 1n;
        }
        if (links.length) await this.write(em, keyId, links);
        sealed += links.length;
        if (links.length < BATCH) return sealed;
      }
    });
  }

  private async write(em: EntityManager, keyId: string, links: Array<{ seq: string; prev: string; hash: string }>): Promise<void> {
    await em.query(
      `UPDATE audit.entries e SET key_id = $1, prev_hash = x.prev, hash = x.hash
         FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(seq, prev, hash) WHERE e.seq = x.seq`,
      [keyId, links.map((l) => l.seq), links.map((l) => l.prev), links.map((l) => l.hash)],
    );
  }

  /**
   * The highest sequence value below which every gap is final. The previous horizon counts once none of the
   * transactions in flight at its snapshot is still in progress; a new horizon is taken for the next round (sequence
   * value first, snapshot second: a writer holding a value ≤ lastIssued already had its transaction id then).
   */
  private async settled(): Promise<bigint> {
    let settledUpTo = 0n;
    const prev = this.horizon;
    if (prev) {
      const { done } = await querySingle<{ done: boolean }>(
        this.db,
        `SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip($1::pg_snapshot) AS x WHERE pg_xact_status(x) = 'in progress') AS done`,
        [prev.snapshot],
      );
      if (!done) return 0n; // keep waiting on this horizon, so a steady stream of writers cannot starve it
      settledUpTo = prev.lastIssued;
    }
    const { last } = await querySingle<{ last: string }>(
      this.db,
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS last FROM audit.entries_seq_seq`,
    );
    const { snapshot } = await querySingle<{ snapshot: string }>(this.db, 'SELECT pg_current_snapshot()::text AS snapshot');
    this.horizon = { lastIssued: BigInt(last), snapshot };
    return settledUpTo;
  }
}
