import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watchlists (issue 20): an agency's codes of interest for one purpose. Codes are matched by the organisation code
 * they name (a USCC embeds it, GB 32100-2015), so a code watched before its enterprise is registered matches later.
 */
export class Watchlists1765300001000 implements MigrationInterface {
  name = 'Watchlists1765300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE changes.watchlists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES access.agencies(id),
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
        purpose text NOT NULL,
        code_count int NOT NULL DEFAULT 0 CHECK (code_count BETWEEN 0 AND 100000),
        unknown_count int NOT NULL DEFAULT 0,
        invalid_count int NOT NULL DEFAULT 0,
        invalid_codes jsonb NOT NULL DEFAULT '[]',
        version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agency_id, name)
      )`);
    await q.query(`
      CREATE TABLE changes.watched_codes (
        watchlist_id uuid NOT NULL REFERENCES changes.watchlists(id) ON DELETE CASCADE,
        code text NOT NULL,
        org_code text NOT NULL CHECK (length(org_code) = 9),
        PRIMARY KEY (watchlist_id, code)
      )`);
    // who watches an enterprise: the delivery fan-out's probe
    await q.query(`CREATE INDEX watched_codes_org_code ON changes.watched_codes (org_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE changes.watched_codes`);
    await q.query(`DROP TABLE changes.watchlists`);
  }
}
