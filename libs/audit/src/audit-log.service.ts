import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, decodeCursor, encodeCursor, type Page } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH, type HashedFields } from './audit-hash.js';

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

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: string | null;
  reason: string | null;
}

// Serialises appends so each entry links to exactly one predecessor.
const CHAIN_LOCK = 7_302_001;

interface Row {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  actor_roles: string[];
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

function hashedFields(r: Row): HashedFields {
  return {
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason,
    requestId: r.request_id,
  };
}

function toEntry(r: Row): AuditEntry {
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(em: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    await this.recordMany(em, actor, [change]);
  }

  /** Appends several changes by one actor with one lock, one read and one INSERT (bulk imports). */
  async recordMany(em: EntityManager, actor: Actor, changes: AuditChange[]): Promise<void> {
    if (changes.length === 0) return;
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = await em.query('SELECT hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
    let prevHash: string = last?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const rows = changes.map((change) => {
      const fields: HashedFields = {
        at,
        actorKind: actor.kind,
        actorId: actor.id,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        // Round-trip through JSON so the hashed form equals what jsonb stores (no undefined, dates as strings).
        before: JSON.parse(JSON.stringify(change.before ?? null)),
        after: JSON.parse(JSON.stringify(change.after ?? null)),
        reason: change.reason ?? null,
        requestId: actor.requestId ?? null,
      };
      const hash = chainHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // unnest keeps the array order, and seq follows insertion order, so the chain reads back as written.
    await em.query(
      `INSERT INTO audit.entries (at, actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id,
         before, after, reason, request_id, prev_hash, hash)
       SELECT $1::timestamptz, $2, $3, $4, $5::text[], x.action, x.entity_type, x.entity_id,
              x.before::jsonb, x.after::jsonb, x.reason, $6, x.prev_hash, x.hash
         FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
              WITH ORDINALITY AS x(action, entity_type, entity_id, before, after, reason, prev_hash, hash, n)
        ORDER BY x.n`,
      [
        at, actor.kind, actor.id, actor.name, actor.roles, actor.requestId ?? null,
        rows.map((r) => r.action), rows.map((r) => r.entityType), rows.map((r) => r.entityId),
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
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM audit.entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toEntry);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].seq]) : null };
  }

  /** Walks the chain from the start, in batches, and reports the first entry whose link or content does not match. */
  async verify(): Promise<ChainVerification> {
    let prevHash = GENESIS_HASH;
    let lastSeq = '0';
    let checked = 0;
    for (;;) {
      const rows: Row[] = await this.dataSource.query(
        'SELECT * FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT 5000',
        [lastSeq],
      );
      if (rows.length === 0) return { ok: true, checked, firstBrokenSeq: null, reason: null };
      for (const row of rows) {
        if (row.prev_hash !== prevHash) {
          return { ok: false, checked, firstBrokenSeq: String(row.seq), reason: 'prev_hash does not match the previous entry' };
        }
        if (chainHash(prevHash, hashedFields(row)) !== row.hash) {
          return { ok: false, checked, firstBrokenSeq: String(row.seq), reason: 'entry content does not match its hash' };
        }
        prevHash = row.hash;
        lastSeq = String(row.seq);
        checked++;
      }
    }
  }
}
