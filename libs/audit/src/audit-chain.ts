import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, auditKeyRing, inTransaction, type KeyRing, querySingle, systemActor } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { entryFields, type EntryRow, legacyFields } from './audit-entry.js';
import { chainHash, GENESIS_HASH, keyedChainHash } from './audit-hash.js';
import { AuditLog, SEAL_LOCK } from './audit-log.service.js';
import { AuditSealer } from './audit-sealer.js';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: string | null;
  reason: string | null;
  /** the last sealed entry walked: what `cli audit anchor` would export now */
  head?: { seq: string; hash: string } | null;
  /** entries after the head still waiting for the sealer (written by transactions that committed moments ago) */
  pending?: number;
}

/** The head of the chain, exported outside the database (`cli audit anchor > file`). */
export interface AuditAnchor {
  seq: string;
  hash: string;
  keyId: string | null;
  at: string;
  exportedAt: string;
}

export const EPOCH_ACTION = 'audit.epoch';

/**
 * What the audit log proves and how (docs/audit.md § threat model): a keyed hash chain over every column, verified
 * from the first entry; truncation of the newest entries is caught only against an anchor kept outside the database.
 */
@Injectable()
export class AuditChain implements OnModuleInit {
  private readonly keys: KeyRing;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: AuditLog,
    private readonly sealer: AuditSealer,
    config: AppConfig,
  ) {
    this.keys = auditKeyRing(config);
  }

  /** Before any module writes at bootstrap (the measure catalogue seed does): the epoch first, the key checked. */
  async onModuleInit(): Promise<void> {
    await this.prepare();
  }

  /**
   * Seals what can be sealed, then walks the chain from the start in one snapshot (the sealer may run meanwhile):
   * every sealed entry must link to the sealed entry before it and match its hash; an entry still pending is allowed
   * only after the last sealed one — a pending entry behind the head was never chained, so the log is not complete.
   * With an anchor, also proves the anchored head is still there.
   */
  async verify(anchor?: Pick<AuditAnchor, 'seq' | 'hash'>): Promise<ChainVerification> {
    await this.sealer.sealAll();
    return this.db.transaction('REPEATABLE READ', (em) => this.walk(em, anchor));
  }

  private async walk(em: EntityManager, anchor?: Pick<AuditAnchor, 'seq' | 'hash'>): Promise<ChainVerification> {
    let prevHash = GENESIS_HASH;
    let lastSeq = '0';
    let checked = 0;
    let anchorSeen = false;
    let pendingFrom: EntryRow | null = null;
    let pending = 0;
    const broken = (row: EntryRow, reason: string): ChainVerification => ({ ok: false, checked, firstBrokenSeq: String(row.seq), reason });
    for (let after = '0'; ;) {
      const rows: EntryRow[] = await em.query('SELECT * FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT 5000', [after]);
      const last = rows.at(-1);
      if (!last) break;
      after = String(last.seq);
      for (const row of rows) {
        if (row.hash === null) {
          pendingFrom ??= row;
          pending++;
          continue;
        }
        if (pendingFrom) return broken(pendingFrom, `entry was never sealed, yet entry ${row.seq} after it was: the chain skips it`);
        if (row.prev_hash !== prevHash) return broken(row, 'prev_hash does not match the previous entry');
        if (row.key_id === null) return broken(row, 'entry carries no key id: not written by the registry');
        const key = this.keys.byId.get(row.key_id);
        if (!key) return broken(row, `entry was signed with key ${row.key_id}, which ${this.keys.source} does not hold`);
        if (keyedChainHash(key, prevHash, entryFields(row, row.key_id)) !== row.hash) return broken(row, 'entry content does not match its hash');
        if (anchor && String(row.seq) === String(anchor.seq)) {
          if (row.hash !== anchor.hash) return broken(row, `entry ${row.seq} is not the one the anchor recorded`);
          anchorSeen = true;
        }
        prevHash = row.hash;
        lastSeq = String(row.seq);
        checked++;
      }
    }
    const head = checked > 0 ? { seq: lastSeq, hash: prevHash } : null;
    if (anchor && !anchorSeen) {
      return {
        ok: false,
        checked,
        head,
        pending,
        firstBrokenSeq: String(anchor.seq),
        reason: `the anchor names entry ${anchor.seq} but the log ends at ${lastSeq}: the newest entries were removed`,
      };
    }
    return { ok: true, checked, firstBrokenSeq: null, reason: null, head, pending };
  }

  /** The newest sealed entry, after sealing what can be sealed. */
  async anchor(): Promise<AuditAnchor | null> {
    await this.sealer.sealAll();
    const [row]: EntryRow[] = await this.db.query('SELECT * FROM audit.entries WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1');
    if (!row?.hash) return null;
    return { seq: String(row.seq), hash: row.hash, keyId: row.key_id, at: row.at.toISOString(), exportedAt: new Date().toISOString() };
  }

  /**
   * At start-up, after the migrations (the key never reaches the database): re-chains entries written before the
   * keyed chain (the epoch, once), then refuses a key that does not match the newest entry.
   */
  async prepare(): Promise<void> {
    await inTransaction(this.db, (em) => this.rechainLegacy(em));
    const [head]: EntryRow[] = await this.db.query('SELECT * FROM audit.entries WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1');
    if (!head?.key_id || !head.hash) return;
    const key = this.keys.byId.get(head.key_id);
    const problem = !key
      ? `holds no key "${head.key_id}", which signed the newest audit entry (seq ${head.seq})`
      : keyedChainHash(key, head.prev_hash ?? GENESIS_HASH, entryFields(head, head.key_id)) !== head.hash
        ? `key "${head.key_id}" does not reproduce the newest audit entry's hash (seq ${head.seq}): a wrong key, or the entry was altered (cli audit verify)`
        : null;
    if (problem) throw new Error(`Audit log: ${this.keys.source} ${problem}`);
  }

  /**
   * The epoch (docs/audit.md): entries from before the keyed chain carry the public, unkeyed hash that left actor
   * names and roles uncovered. Once, under the seal lock (no sealer runs meanwhile): verify them with that algorithm, strip personal digests and
   * shorten ID masks in them (issue 13), re-hash every one with the key over every column, and append an
   * `audit.epoch` entry recording the old head, what the old verification said, and how many entries were rewritten.
   */
  private async rechainLegacy(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK]);
    const { n, keyed } = await querySingle<{ n: number; keyed: number }>(
      em,
      'SELECT count(*) FILTER (WHERE key_id IS NULL AND hash IS NOT NULL)::int AS n, count(*) FILTER (WHERE key_id IS NOT NULL)::int AS keyed FROM audit.entries',
    );
    // Once the keyed chain exists, an entry without a key id is not legacy but forged: verify reports it, nothing re-chains it.
    if (n === 0 || keyed > 0) return;
    const { id: keyId, key } = this.keys.current;
    let legacyPrev = GENESIS_HASH;
    let legacyBroken: string | null = null;
    let prevHash = GENESIS_HASH;
    let lastSeq = '0';
    let rewritten = 0;
    let scrubbed = 0;
    await em.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update');
    for (;;) {
      const rows: EntryRow[] = await em.query('SELECT * FROM audit.entries WHERE seq > $1 AND key_id IS NULL AND hash IS NOT NULL ORDER BY seq LIMIT 2000', [
        lastSeq,
      ]);
      const lastRow = rows.at(-1);
      if (!lastRow) break;
      const updates = rows.map((row) => {
        if (!legacyBroken && (row.prev_hash !== legacyPrev || chainHash(legacyPrev, legacyFields(row)) !== row.hash)) legacyBroken = String(row.seq);
        legacyPrev = row.hash ?? '';
        const before = scrubPersonal(row.before);
        const after = scrubPersonal(row.after);
        if (before.changed || after.changed) scrubbed++;
        const next = { ...row, before: before.value, after: after.value, key_id: keyId, prev_hash: prevHash };
        next.hash = keyedChainHash(key, prevHash, entryFields(next, keyId));
        prevHash = next.hash;
        return next;
      });
      await em.query(
        `UPDATE audit.entries e SET before = x.before::jsonb, after = x.after::jsonb, key_id = $1, prev_hash = x.prev_hash, hash = x.hash
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(seq, before, after, prev_hash, hash) WHERE e.seq = x.seq`,
        [
          keyId,
          updates.map((u) => u.seq),
          updates.map((u) => JSON.stringify(u.before)),
          updates.map((u) => JSON.stringify(u.after)),
          updates.map((u) => u.prev_hash),
          updates.map((u) => u.hash),
        ],
      );
      rewritten += rows.length;
      lastSeq = String(lastRow.seq);
    }
    await em.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_no_update');
    await this.log.recordMany(em, systemActor('audit-epoch'), [
      {
        action: EPOCH_ACTION,
        entityType: 'audit',
        entityId: 'chain',
        after: {
          legacyHead: { seq: lastSeq, hash: legacyPrev },
          legacyChainOk: legacyBroken === null,
          legacyFirstBrokenSeq: legacyBroken,
          rewritten,
          scrubbed,
        },
        reason: 'keyed hash chain over every column from here on (issue 13); earlier entries re-hashed',
      },
    ]);
  }
}

/** Personal digests never stay in the audit log; an ID mask keeps first + last character only. */
function scrubPersonal(value: unknown): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (/^(legalRepIdHash|idHash|legal_rep_id_hash)$/.test(k)) {
        changed = true;
        continue;
      }
      if (k === 'legalRepId' && typeof x === 'string' && x.length > 2 && !/^.\*+.$/.test(x)) {
        changed = true;
        out[k] = `${x[0]}${'*'.repeat(x.length - 2)}${x.slice(-1)}`;
        continue;
      }
      out[k] = walk(x);
    }
    return out;
  };
  return { value: walk(value), changed };
}
