import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics (DOMAIN.md §9) read other contexts' tables — read-only, through these views only.
 * This is the one reporting exception to "each context owns its schema": aggregates over every
 * enterprise cannot go through per-enterprise facades. The views expose no personal data
 * (no legal representative, no names of staff) and are the only columns the statistics SQL uses,
 * so a change in another schema breaks here, at migration time, not in a report.
 * This migration runs after the contexts' own (its timestamp is later), so the tables exist.
 */
export class Statistics1763700008000 implements MigrationInterface {
  name = 'Statistics1763700008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS statistics`);
    await q.query(`
      CREATE VIEW statistics.enterprises AS
        SELECT id, region_code, industry_code, status FROM enterprises.enterprises`);
    await q.query(`
      CREATE VIEW statistics.divisions AS
        SELECT code, name, level, parent_code FROM enterprises.divisions`);
    await q.query(`
      CREATE VIEW statistics.industries AS
        SELECT code, name_zh, name_en FROM enterprises.industries`);
    await q.query(`
      CREATE VIEW statistics.grades AS
        SELECT enterprise_id, grade, valid_from, valid_to, overridden FROM grading.grades`);
    // "In force" follows DOMAIN.md §7: from the start date until the removal (expiry, repair,
    // revocation) or the planned end, whichever is first; [in_force_from, in_force_until).
    await q.query(`
      CREATE VIEW statistics.listings AS
        SELECT enterprise_id, list_type, status, start_date AS in_force_from,
               least(ended_on, planned_end_date) AS in_force_until,
               (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS decided_on,
               ended_on, end_kind
          FROM blacklist.listings
         WHERE start_date IS NOT NULL`);
    await q.query(`
      CREATE VIEW statistics.credit_records AS
        SELECT enterprise_id, category_code, polarity, severity, occurred_on, status FROM credit.records`);
    await q.query(`
      CREATE VIEW statistics.checks AS
        SELECT receipt_id, (checked_at AT TIME ZONE 'Asia/Shanghai')::date AS checked_on, actor_kind, agency_id, purpose, verdict
          FROM measures.checks`);
    await q.query(`
      CREATE VIEW statistics.feedback AS
        SELECT receipt_id, outcome, (given_at AT TIME ZONE 'Asia/Shanghai')::date AS given_on FROM measures.feedback`);
    await q.query(`
      CREATE VIEW statistics.agencies AS
        SELECT id, code, name, department FROM access.agencies`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA statistics CASCADE`);
  }
}
