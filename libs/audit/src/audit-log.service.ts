import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, decodeCursor, encodeCursor, type Page } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { EntryRow } from './audit-entry.js';

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
  /** null while the entry waits for the sealer (docs/audit.md § sealing) */
  prevHash: string | null;
  hash: string | null;
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

/** One sealer at a time, and the start-up epoch excludes it (the key of the former global chain lock). */
export const SEAL_LOCK = 7_302_001;

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(em: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    await this.recordMany(em, actor, [change]);
  }

  /**
   * Appends several changes by one actor with one INSERT and no lock (issue 21): each entry takes its sequence number
   * in the writer's own transaction and is chained later by AuditSealer, after commit, in sequence order
   * (docs/audit.md § sealing). The subquery gives the transaction its id before the first nextval, so the sealer's
   * horizon (sequence value read, then snapshot) covers every transaction that may still hold a lower number.
   */
  async recordMany(em: EntityManager, actor: Actor, changes: AuditChange[]): Promise<void> {
    if (changes.length === 0) return;
    const { sql, params } = this.insertSql(actor, changes, 1);
    await em.query(sql, params);
  }

  /**
   * recordMany's INSERT as SQL text and parameters ($first…), for a caller that folds its audit entry into its own
   * statement as a data-modifying CTE (a listing decision: one round trip for change, history and audit, issue 21).
   */
  insertSql(actor: Actor, changes: AuditChange[], first: number): { sql: string; params: unknown[] } {
    const p = (i: number) => `$${first + i}`;
    // Round-trip through JSON so what is sealed equals what jsonb stores (no undefined, dates as strings).
    const json = (v: unknown) => JSON.stringify(v ?? null);
    const sql = `INSERT INTO audit.entries (at, actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, before, after, reason, request_id)
       SELECT ${p(0)}::timestamptz, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}::text[], x.action, x.entity_type, x.entity_id, x.before::jsonb, x.after::jsonb, x.reason, ${p(5)}
         FROM (SELECT pg_current_xact_id() OFFSET 0) AS tx,
              unnest(${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[], ${p(10)}::text[], ${p(11)}::text[]) WITH ORDINALITY
              AS x(action, entity_type, entity_id, before, after, reason, n)
        ORDER BY x.n`;
    const params = [
      new Date().toISOString(),
      actor.kind,
      actor.id,
      actor.name,
      [...actor.roles],
      actor.requestId ?? null,
      changes.map((c) => c.action),
      changes.map((c) => c.entityType),
      changes.map((c) => c.entityId),
      changes.map((c) => json(c.before)),
      changes.map((c) => json(c.after)),
      changes.map((c) => c.reason ?? null),
    ];
    return { sql, params };
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
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }
}
