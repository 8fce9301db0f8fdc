import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CarriedWrite, withCarried } from './carried-writes.js';

/** Something another context may care about, e.g. a listing decided or a credit record added. */
export interface DomainEvent {
  type: string;
  enterpriseId?: string;
  [key: string]: unknown;
}

export type DomainEventHandler = (event: DomainEvent, em: EntityManager) => Promise<void>;

/**
 * A lock a handler takes for the event's enterprises before it reads (the change outbox's answers lock): `sql` is an
 * SQL expression over a uuid[] expression. A publisher may take it inside a statement it already makes and say so
 * (`markLocked`); the handler then skips its own round trip (issue 21). Its owner writes the SQL, so no other context
 * names its schema.
 */
export interface EventLock {
  key: string;
  sql: (enterpriseIds: string) => string;
}

/**
 * A read a handler makes for the event's enterprise once `afterLock` is held (the change outbox's facts): `sql` is a
 * JSON-valued SQL expression over an enterprise id expression and a date expression (today). Another handler of the
 * same event that sends a statement after the publisher's own (grading's inputs read) may carry it (`readsSql`) and keep
 * its value for its owner (`keepRead`), who takes it (`takeRead`) instead of a round trip of its own (issue 21). Only a
 * read whose lock the transaction already holds is carried, so it is never read before that lock's wait.
 */
export interface EventRead {
  key: string;
  afterLock: string;
  sql: (enterpriseId: string, today: string) => string;
}

/**
 * In-process event bus whose handlers run inside the publisher's transaction,
 * so a read right after the write sees the consequences (e.g. the new grade).
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<string, DomainEventHandler[]>();
  private readonly locks = new Map<string, EventLock[]>();
  /** per transaction (its EntityManager): `key enterpriseId` of every lock a publisher took for a handler */
  private readonly held = new WeakMap<object, Set<string>>();
  private readonly reads = new Map<string, EventRead[]>();
  /** per transaction: `key enterpriseId` → the value a carried read answered */
  private readonly kept = new WeakMap<object, Map<string, unknown>>();
  /** per transaction: how deep in publish it is, and the writes handlers left to be carried */
  private readonly depth = new WeakMap<object, number>();
  private readonly writes = new WeakMap<object, CarriedWrite[]>();

  on(type: string, handler: DomainEventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /**
   * Runs the handlers in the publisher's transaction. Writes a handler left to be carried (`deferWrite`) and no later
   * handler took are sent when the outermost publish of the transaction returns, in one statement.
   */
  async publish(em: EntityManager, event: DomainEvent): Promise<void> {
    this.depth.set(em, (this.depth.get(em) ?? 0) + 1);
    try {
      for (const handler of this.handlers.get(event.type) ?? []) await handler(event, em);
    } finally {
      this.depth.set(em, (this.depth.get(em) ?? 1) - 1);
    }
    if (this.depth.get(em) === 0) {
      const left = this.takeWrites(em);
      if (left.length) {
        const { sql, params } = withCarried({ ctes: [], params: [], select: 'SELECT 1' }, left);
        await em.query(sql, params);
      }
    }
  }

  /** True inside a handler: a write deferred now is sent, at the latest, when the publish returns. */
  publishing(em: object): boolean {
    return (this.depth.get(em) ?? 0) > 0;
  }

  /** Leaves a write for the next writing handler's statement (takeWrites) or the end of the publish (issue 21). */
  deferWrite(em: object, write: CarriedWrite): void {
    if (!this.publishing(em)) throw new Error('a write can be carried only while an event is being published');
    this.writes.set(em, [...(this.writes.get(em) ?? []), write]);
  }

  /** The writes left to be carried in this transaction, which the caller now sends in its own statement (withCarried). */
  takeWrites(em: object): CarriedWrite[] {
    const left = this.writes.get(em) ?? [];
    this.writes.delete(em);
    return left;
  }

  /** Registers the lock a handler of `type` takes (registration order is the order the publisher takes them in). */
  lockFor(type: string, lock: EventLock): void {
    this.locks.set(type, [...(this.locks.get(type) ?? []), lock]);
  }

  /**
   * The locks the handlers of `type` take for one enterprise, as one SQL expression (`num_nulls` evaluates its
   * arguments in order, none skipped), or null when no handler registered one. `enterpriseId`: an SQL uuid expression.
   */
  locksSql(type: string, enterpriseId: string): string | null {
    const locks = this.locks.get(type) ?? [];
    return locks.length ? `num_nulls(${locks.map((l) => l.sql(`ARRAY[(${enterpriseId})::uuid]`)).join(', ')})` : null;
  }

  /** The publisher's statement took locksSql(type) for this enterprise in this transaction. */
  markLocked(em: object, type: string, enterpriseId: string): void {
    const set = this.held.get(em) ?? new Set<string>();
    for (const l of this.locks.get(type) ?? []) set.add(`${l.key} ${enterpriseId}`);
    this.held.set(em, set);
  }

  /** True when this transaction already holds the lock `key` for every one of the enterprises. */
  holdsLock(em: object, key: string, enterpriseIds: readonly string[]): boolean {
    const set = this.held.get(em);
    return !!set && enterpriseIds.length > 0 && enterpriseIds.every((id) => set.has(`${key} ${id}`));
  }

  /** Registers a read a handler of `type` makes (see EventRead). */
  readFor(type: string, read: EventRead): void {
    this.reads.set(type, [...(this.reads.get(type) ?? []), read]);
  }

  /** The reads of `type` this transaction may carry now for the enterprise, each with its select-list alias. */
  readsSql(em: object, type: string, enterpriseId: string, enterpriseIdSql: string, todaySql: string): { key: string; alias: string; sql: string }[] {
    return (this.reads.get(type) ?? [])
      .filter((r) => this.holdsLock(em, r.afterLock, [enterpriseId]))
      .map((r, i) => ({ key: r.key, alias: `carried_read_${i}`, sql: r.sql(enterpriseIdSql, todaySql) }));
  }

  /** A carried read's value, kept for its owner in this transaction. */
  keepRead(em: object, key: string, enterpriseId: string, value: unknown): void {
    const map = this.kept.get(em) ?? new Map<string, unknown>();
    map.set(`${key} ${enterpriseId}`, value);
    this.kept.set(em, map);
  }

  /** The value a carried read kept for this enterprise (once; undefined when none was carried). */
  takeRead(em: object, key: string, enterpriseId: string): unknown {
    const map = this.kept.get(em);
    const value = map?.get(`${key} ${enterpriseId}`);
    map?.delete(`${key} ${enterpriseId}`);
    return value;
  }
}
