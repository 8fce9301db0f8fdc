import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (issue 20): an agency's endpoints and one delivery row per (endpoint, event). The row is written in
 * the outbox transaction (state `new`); a dispatcher turns rows into pg-boss jobs (`queued`); the worker records each
 * attempt and ends in `delivered` or `dead` (the dead-letter list an administrator replays). pg-boss keeps its own
 * schema `qcr_jobs`, created by pg-boss's migrate at start (docs/changes.md).
 */
export class Webhooks1765300002000 implements MigrationInterface {
  name = 'Webhooks1765300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE changes.webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES access.agencies(id),
        url text NOT NULL CHECK (url ~ '^https?://'),
        secret text NOT NULL,
        previous_secret text,
        previous_valid_until timestamptz,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_agency ON changes.webhook_endpoints (agency_id) WHERE active`);
    await q.query(`
      CREATE TABLE changes.deliveries (
        id bigserial PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES changes.webhook_endpoints(id) ON DELETE CASCADE,
        event_cursor bigint,
        enterprise_id uuid,
        kind text NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'test')),
        state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'queued', 'delivered', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        last_status int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (endpoint_id, event_cursor)
      )`);
    await q.query(`CREATE INDEX deliveries_new ON changes.deliveries (id) WHERE state = 'new'`);
    await q.query(`CREATE INDEX deliveries_dead ON changes.deliveries (id) WHERE state = 'dead'`);
    await q.query(`CREATE INDEX deliveries_endpoint ON changes.deliveries (endpoint_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE changes.deliveries`);
    await q.query(`DROP TABLE changes.webhook_endpoints`);
  }
}
