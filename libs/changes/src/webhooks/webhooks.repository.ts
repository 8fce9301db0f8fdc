import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryChanged, queryOne, queryRows, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';

export interface EndpointRow {
  id: string;
  agencyId: string;
  url: string;
  active: boolean;
  createdAt: string;
  previousValidUntil: string | null;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventCursor: string | null;
  kind: 'change' | 'test';
  state: 'new' | 'queued' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A `new` delivery the dispatcher takes: its key (endpoint + enterprise) and its class. */
export interface NewDelivery {
  id: string;
  endpointId: string;
  enterpriseId: string | null;
  bulk: boolean;
}

/** What the worker needs to send one delivery: the endpoint, its secrets, the event, the agency's purposes. */
export interface DeliveryWork {
  id: string;
  kind: 'change' | 'test';
  state: DeliveryRow['state'];
  url: string;
  active: boolean;
  secret: string;
  previousSecret: string | null;
  purposes: string[];
  event: Record<string, unknown> | null;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ENDPOINT = `id, agency_id AS "agencyId", url, active, ${ts('created_at')} AS "createdAt", ${ts('previous_valid_until')} AS "previousValidUntil"`;
const deliveryColumns = (d: string) => `${d}id::text AS id, ${d}endpoint_id AS "endpointId", ${d}event_cursor::text AS "eventCursor", ${d}kind, ${d}state,
  ${d}attempts, ${d}last_status AS "lastStatus", ${d}last_error AS "lastError", ${ts(`${d}created_at`)} AS "createdAt", ${ts(`${d}delivered_at`)} AS "deliveredAt"`;
const DELIVERY = deliveryColumns('');

/** SQL of changes.webhook_endpoints and changes.deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(em: EntityManager, agencyId: string, url: string, secret: string): Promise<EndpointRow> {
    return querySingle<EndpointRow>(em, `INSERT INTO changes.webhook_endpoints (agency_id, url, secret) VALUES ($1, $2, $3) RETURNING ${ENDPOINT}`, [
      agencyId,
      url,
      secret,
    ]);
  }

  list(agencyId: string): Promise<EndpointRow[]> {
    return queryRows<EndpointRow>(this.db, `SELECT ${ENDPOINT} FROM changes.webhook_endpoints WHERE agency_id = $1 AND active ORDER BY created_at`, [agencyId]);
  }

  async find(em: EntityManager | null, agencyId: string, id: string): Promise<EndpointRow | null> {
    return queryOne<EndpointRow>(em ?? this.db, `SELECT ${ENDPOINT} FROM changes.webhook_endpoints WHERE agency_id = $1 AND id = $2 AND active`, [
      agencyId,
      id,
    ]);
  }

  /** The new secret becomes current; the old one stays valid until `graceUntil` (two signatures meanwhile). */
  async rotate(em: EntityManager, id: string, secret: string, graceUntil: Date): Promise<EndpointRow> {
    const {
      rows: [row],
    } = await queryChanged<EndpointRow>(
      em,
      `UPDATE changes.webhook_endpoints SET previous_secret = secret, previous_valid_until = $3, secret = $2 WHERE id = $1 RETURNING ${ENDPOINT}`,
      [id, secret, graceUntil],
    );
    if (!row) throw new Error(`webhook endpoint ${id} was found before its rotation, yet the UPDATE found no row`);
    return row;
  }

  async deactivate(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE changes.webhook_endpoints SET active = false WHERE id = $1`, [id]);
  }

  async addTestDelivery(em: EntityManager, endpointId: string): Promise<string> {
    const row = await querySingle<{ id: string }>(em, `INSERT INTO changes.deliveries (endpoint_id, kind) VALUES ($1, 'test') RETURNING id::text AS id`, [
      endpointId,
    ]);
    return row.id;
  }

  deliveries(endpointId: string, limit = 50): Promise<DeliveryRow[]> {
    return queryRows<DeliveryRow>(this.db, `SELECT ${DELIVERY} FROM changes.deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`, [endpointId, limit]);
  }

  deadLetters(limit = 100): Promise<(DeliveryRow & { agencyId: string; url: string })[]> {
    return queryRows<DeliveryRow & { agencyId: string; url: string }>(
      this.db,
      `SELECT ${deliveryColumns('d.')}, e.agency_id AS "agencyId", e.url
         FROM changes.deliveries d JOIN changes.webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.state = 'dead' ORDER BY d.id DESC LIMIT $1`,
      [limit],
    );
  }

  /** A dead delivery goes back to `new`: the dispatcher queues it again, after what is queued for its enterprise. */
  async replay(em: EntityManager, id: string): Promise<DeliveryRow | null> {
    const {
      rows: [row],
    } = await queryChanged<DeliveryRow>(
      em,
      `UPDATE changes.deliveries SET state = 'new', last_error = NULL WHERE id = $1 AND state = 'dead' RETURNING ${DELIVERY}`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The deliveries a dispatch pass turns into jobs, oldest first (jobs of one key are created in event order): up to
   * `foreground` deliveries of single-enterprise changes and up to `bulk` of batch work, each class by its own probe of
   * deliveries_new_by_class — and, for every key (endpoint + enterprise) taken, its older `new` deliveries of either
   * class (deliveries_new_by_key), so what stays behind for a key is always newer than what goes: a decision's delivery
   * takes a waiting regrade delivery of its enterprise along rather than overtaking it. At most `total` in all, the
   * oldest: cutting that set by id keeps it closed over each key's older deliveries.
   *
   * Plan (10,000 new bulk deliveries, 5 new single ones, 100,000 delivered: 0.6 ms, 626 buffers): each class probe an
   * index scan of deliveries_new_by_class, each key's older ones an index-only probe of deliveries_new_by_key, the rows
   * locked by primary key. `ORDER BY bulk, id` is the partial index's order: with `ORDER BY id` the planner walked
   * deliveries_pkey through the delivered history (110,000 rows filtered, 30 ms) expecting new rows spread evenly.
   * `OFFSET 0` keeps the lateral probe a per-key index probe (not pulled up into a hash join over every new row), and
   * `= ANY (ARRAY(...))` makes the lock a primary-key probe.
   */
  async takeNew(em: EntityManager, foreground: number, bulk: number, total: number): Promise<NewDelivery[]> {
    return queryRows<NewDelivery>(
      em,
      `WITH picked AS MATERIALIZED (
         (SELECT id, endpoint_id, enterprise_id FROM changes.deliveries WHERE state = 'new' AND NOT bulk ORDER BY bulk, id LIMIT $1)
         UNION ALL
         (SELECT id, endpoint_id, enterprise_id FROM changes.deliveries WHERE state = 'new' AND bulk ORDER BY bulk, id LIMIT $2)),
       taken AS (
         SELECT id FROM picked
         UNION
         SELECT a.id FROM picked p
          CROSS JOIN LATERAL (SELECT o.id FROM changes.deliveries o
                               WHERE o.state = 'new' AND o.endpoint_id = p.endpoint_id AND o.enterprise_id = p.enterprise_id AND o.id < p.id
                              OFFSET 0) a)
       SELECT d.id::text, d.endpoint_id AS "endpointId", d.enterprise_id AS "enterpriseId", d.bulk
         FROM changes.deliveries d
        WHERE d.id = ANY (ARRAY(SELECT id FROM taken)) AND d.state = 'new'
        ORDER BY d.id
        LIMIT $3
          FOR UPDATE OF d`,
      [foreground, bulk, total],
    );
  }

  async markQueued(em: EntityManager, ids: string[]): Promise<void> {
    await em.query(`UPDATE changes.deliveries SET state = 'queued' WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * What the worker needs for a batch of deliveries, in one statement (issue 20: a delivery used to cost a read of its
   * own; the batch a worker fetched is read at once). Deliveries not found are absent from the answer.
   */
  async workMany(ids: string[]): Promise<DeliveryWork[]> {
    if (ids.length === 0) return [];
    return queryRows<DeliveryWork>(
      this.db,
      `SELECT d.id::text, d.kind, d.state, e.url, e.active, e.secret,
              CASE WHEN e.previous_valid_until > now() THEN e.previous_secret END AS "previousSecret", a.purposes,
              CASE WHEN ev.cursor IS NULL THEN NULL ELSE json_build_object('cursor', ev.cursor::text, 'enterpriseId', ev.enterprise_id, 'uscc', ev.uscc,
                'orgCode', ev.org_code, 'cause', ev.cause, 'effectiveOn', ev.effective_on::text, 'recordedAt', ev.recorded_at, 'verdicts', ev.verdicts,
                'before', ev.before, 'after', ev.after) END AS event
         FROM changes.deliveries d
         JOIN changes.webhook_endpoints e ON e.id = d.endpoint_id
         JOIN access.agencies a ON a.id = e.agency_id
         LEFT JOIN changes.events ev ON ev.cursor = d.event_cursor
        WHERE d.id = ANY ($1::bigint[])`,
      [ids],
    );
  }

  /** The attempts of a batch, one statement (each row its own state, status and error). */
  async recordAttempts(attempts: DeliveryAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.query(
      `UPDATE changes.deliveries d SET attempts = d.attempts + 1, state = x.state, last_status = x.status, last_error = x.error,
              delivered_at = CASE WHEN x.state = 'delivered' THEN now() END
         FROM json_to_recordset($1::json) AS x(id bigint, state text, status int, error text)
        WHERE d.id = x.id`,
      [JSON.stringify(attempts)],
    );
  }

  /**
   * Jobs created and not yet fetched in pg-boss's delivery queue, up to `cap` (retries waiting out their backoff are not
   * counted: a failing receiver must not stop the dispatch for everyone). key_strict_fifo's fetch
   * reads every waiting job of the queue to find each key's head, so the dispatcher keeps this backlog short.
   */
  async waitingJobs(schema: string, queue: string, cap: number): Promise<number> {
    const row = await querySingle<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${schema}.job WHERE name = $1 AND state = 'created' LIMIT $2) w`,
      [queue, cap],
    );
    return row.n;
  }
}

export interface DeliveryAttempt {
  id: string;
  state: DeliveryRow['state'];
  status: number | null;
  error: string | null;
}
