import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24: queues filter by region (the console defaults to the user's). The listing keeps the enterprise's GB/T 2260
 * region as proposed, beside the name and codes it already keeps; existing rows take the enterprise's current region
 * (a one-time read of enterprises at migration time).
 */
export class ListingRegion1765500004000 implements MigrationInterface {
  name = 'ListingRegion1765500004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.listings ADD COLUMN enterprise_region_code text CHECK (enterprise_region_code ~ '^[0-9]{6}$')`);
    await q.query(`UPDATE blacklist.listings l SET enterprise_region_code = e.region_code FROM enterprises.enterprises e WHERE e.id = l.enterprise_id`);
    await q.query(`CREATE INDEX listings_region_idx ON blacklist.listings (enterprise_region_code text_pattern_ops, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.listings DROP COLUMN enterprise_region_code`);
  }
}
