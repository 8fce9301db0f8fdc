import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23: the statistics views' `in_force_until` is the blacklist's own rule (blacklist.in_force_until, migration
 * 1765700000000), not a copy of it: one definition of "in force" for checks, the public list and the white paper.
 * Same columns as before (CREATE OR REPLACE keeps the views' dependants); only the end's body changes.
 */
export class StatisticsInForce1765700000100 implements MigrationInterface {
  name = 'StatisticsInForce1765700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW statistics.listings AS
        SELECT enterprise_id, list_type, status, start_date AS in_force_from,
               blacklist.in_force_until(status, start_date, ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on,
               ended_on, end_kind
          FROM blacklist.listings
         WHERE start_date IS NOT NULL`);
    await q.query(`
      CREATE OR REPLACE VIEW statistics.listing_decisions AS
        SELECT deciding_authority_id AS authority_id, status, start_date AS in_force_from,
               blacklist.in_force_until(status, start_date, ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on, consent_date
          FROM blacklist.listings WHERE decided_at IS NOT NULL AND deciding_authority_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW statistics.listings AS
        SELECT enterprise_id, list_type, status, start_date AS in_force_from,
               least(ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on,
               ended_on, end_kind
          FROM blacklist.listings
         WHERE start_date IS NOT NULL`);
    await q.query(`
      CREATE OR REPLACE VIEW statistics.listing_decisions AS
        SELECT deciding_authority_id AS authority_id, status, start_date AS in_force_from,
               least(ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on, consent_date
          FROM blacklist.listings WHERE decided_at IS NOT NULL AND deciding_authority_id IS NOT NULL`);
  }
}
