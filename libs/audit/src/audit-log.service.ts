import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, AppConfig, auditKeyRing, decodeCursor, encodeCursor, type KeyRing, type Page } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { EntryRow } from './audit-entry.js';
import { type EntryFields, GENESIS_HASH, keyedChainHash } from './audit-hash.js';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditEntry extends AuditChange {
  seq: string;
  at: string;
  actor: { kind: string; id: string; name: string; roles: string[] };
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

// Serialises appends so each entry links to exactly one predecessor (also taken by AuditChain's epoch).
export const CHAIN_LOCK = 7_302_001;

function toEntry(r: EntryRow): AuditEntry {
  return {
    seq: String(r.seq),
    at: r.at.toISOString(),
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name, roles: r.actor_roles },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    reason: r.reason,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The only writer of audit.entries. Callers pass their transaction's EntityManager. */
@Injectable()
export class AuditLog {
  private readonly keys: KeyRing;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.keys = auditKeyRing(config);
  }

  async record(em: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    await this.recordMany(em, actor, [change]);
  }

  /**
   * Appends several changes by one actor with one lock, one read and one INSERT (bulk imports). Each entry's hash
   * covers every column, its sequence number included (reserved here, under the lock), keyed with QCR_AUDIT_KEY.
   */
  async recordMany(em: EntityManager, actor: Actor, changes: AuditChange[]): Promise<void> {
    if (changes.length === 0) return;
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = await em.query('SELECT hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
    const seqs: { seq: string }[] = await em.query(
      `SELECT nextval(pg_get_serial_sequence('audit.entries', 'seq'))::text AS seq FROM generate_series(1, $1)`,
      [changes.length],
    );
    const ordered = seqs.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let prevHash: string = last?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const { id: keyId, key } = this.keys.current;
    const rows = changes.map((change, i) => {
      const fields: EntryFields = {
        seq: String(ordered[i]),
        at,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        actorRoles: [...actor.roles],
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        // Round-trip through JSON so the hashed form equals what jsonb stores (no undefined, dates as strings).
        before: JSON.parse(JSON.stringify(change.before ?? null)),
        after: JSON.parse(JSON.stringify(change.after ?? null)),
        reason: change.reason ?? null,
        requestId: actor.requestId ?? null,
        keyId,
      };
      const hash = keyedChainHash(key, prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await em.query(
      `INSERT INTO audit.entries (seq, at, actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id,
         before, after, reason, request_id, key_id, prev_hash, hash)
       SELECT x.seq, $1::timestamptz, $2, $3, $4, $5::text[], x.action, x.entity_type, x.entity_id,
              x.before::jsonb, x.after::jsonb, x.reason, $6, $7, x.prev_hash, x.hash
         FROM unnest($8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
              AS x(seq, action, entity_type, entity_id, before, after, reason, prev_hash, hash)
        ORDER BY x.seq`,
      [
        at, actor.kind, actor.id, actor.name, actor.roles, actor.requestId ?? null, keyId,
        rows.map((r) => r.seq), rows.map((r) => r.action), rows.map((r) => r.entityType), rows.map((r) => r.entityId),
        rows.map((r) => JSON.stringify(r.before)), rows.map((r) => JSON.stringify(r.after)), rows.map((r) => r.reason),
        rows.map((r) => r.prevHash), rows.map((r) => r.hash),
      ],
    );
  }

  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const limit = Math.min(query.limit ?? 50, 500);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.action) add('action = ?', query.action);
    if (query.from) add('at >= ?::date', query.from);
    if (query.to) add(`at < (?::date + 1)`, query.to);
    const cursor = decodeCursor(query.cursor, ['int']);
    if (cursor) add('seq < ?', cursor[0]);
    params.push(limit + 1);
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT * FROM audit.entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toEntry);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].seq]) : null };
  }
}
