import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counts shared by API instances (issue 22; libs/platform/src/http/shared-rate-store.ts).
 * UNLOGGED: counts for the current minute are worth nothing after a crash, and they should cost no WAL
 * (nor reach replicas). The `platform` schema holds the platform's own state, apart from every context.
 */
export class RateLimitCounts1764960000000 implements MigrationInterface {
  name = 'RateLimitCounts1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE UNLOGGED TABLE platform.rate_limit_counts (
        key           text   NOT NULL CHECK (length(key) <= 300),
        window_start  bigint NOT NULL,
        hits          integer NOT NULL CHECK (hits >= 0),
        PRIMARY KEY (key, window_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.rate_limit_counts`);
  }
}
