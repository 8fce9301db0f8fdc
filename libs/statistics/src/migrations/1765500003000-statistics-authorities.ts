import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24: the white-paper statistics roll up by authority. Read-only views (the documented reporting exception,
 * docs/portal.md) over the authorities, the listing decisions with their deciding authority, and revocation cases.
 */
export class StatisticsAuthorities1765500003000 implements MigrationInterface {
  name = 'StatisticsAuthorities1765500003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW statistics.authorities AS
        SELECT id, code, name, level, region_code,
               left(region_code, CASE level WHEN 'national' THEN 0 WHEN 'provincial' THEN 2 WHEN 'prefecture' THEN 4 ELSE 6 END) AS region_prefix,
               CASE level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 WHEN 'prefecture' THEN 2 ELSE 3 END AS rank
          FROM access.authorities WHERE active`);
    await q.query(`
      CREATE VIEW statistics.listing_decisions AS
        SELECT deciding_authority_id AS authority_id, status, start_date AS in_force_from,
               least(ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on, consent_date
          FROM blacklist.listings WHERE decided_at IS NOT NULL AND deciding_authority_id IS NOT NULL`);
    await q.query(`
      CREATE VIEW statistics.revocation_cases AS
        SELECT authority_id, status, due_on FROM blacklist.revocation_cases`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW statistics.revocation_cases`);
    await q.query(`DROP VIEW statistics.listing_decisions`);
    await q.query(`DROP VIEW statistics.authorities`);
  }
}
