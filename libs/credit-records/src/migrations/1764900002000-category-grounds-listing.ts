import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: whether a category's record can ground a blacklist listing (DOMAIN.md §7: a heavier administrative
 * penalty) is catalogue data an administrator sets, not a category code in the SQL. Existing data: only
 * `penalty_heavier` grounds a listing, as the code assumed until now.
 */
export class CategoryGroundsListing1764900002000 implements MigrationInterface {
  name = 'CategoryGroundsListing1764900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.categories ADD COLUMN grounds_listing boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE credit.categories SET grounds_listing = true WHERE code = 'penalty_heavier'`);
    // a positive category never grounds a listing
    await q.query(`ALTER TABLE credit.categories ADD CONSTRAINT categories_grounds_listing_negative CHECK (NOT grounds_listing OR polarity = 'negative')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.categories DROP CONSTRAINT categories_grounds_listing_negative, DROP COLUMN grounds_listing`);
  }
}
