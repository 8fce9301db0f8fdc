import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23: "in force on a date" written once. `blacklist.in_force_until` is the rule (SAMR Order 44 art. 20,
 * DOMAIN.md §7): a decided listing restricts from its start until the earlier of its removal (repair, revocation)
 * and its planned end — the end of its interval [start_date, in_force_until), NULL when it never restricted.
 * `in_force_on` (the per-date test every read joins through `listings_on`) and `status_on` (a listing past its planned
 * end reads as expired before the daily job records it) are rewritten over it, and the statistics views (their own
 * migration) expose the same end. All stay plain `LANGUAGE sql` functions so PostgreSQL inlines them and the
 * listings_on_date btree still serves `start_date <= as_of` (check-plans.spec.ts).
 */
export class InForceUntil1765700000000 implements MigrationInterface {
  name = 'InForceUntil1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION blacklist.in_force_until(status text, start_date date, ended_on date, planned_end_date date)
      RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN start_date IS NOT NULL AND status IN ('listed','expired','repaired','revoked')
                    THEN greatest(start_date, least(ended_on, planned_end_date)) END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION blacklist.in_force_on(status text, start_date date, ended_on date, planned_end_date date, as_of date)
      RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(start_date <= as_of AND as_of < blacklist.in_force_until(status, start_date, ended_on, planned_end_date), false)
      $$`);
    await q.query(`
      CREATE FUNCTION blacklist.status_on(status text, start_date date, ended_on date, planned_end_date date, as_of date)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN status = 'listed' AND blacklist.in_force_until(status, start_date, ended_on, planned_end_date) <= as_of
                    THEN 'expired' ELSE status END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION blacklist.status_on(text, date, date, date, date)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION blacklist.in_force_on(status text, start_date date, ended_on date, planned_end_date date, as_of date)
      RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT start_date IS NOT NULL
           AND status IN ('listed','expired','repaired','revoked')
           AND start_date <= as_of
           AND as_of < greatest(start_date, least(ended_on, planned_end_date))
      $$`);
    await q.query(`DROP FUNCTION blacklist.in_force_until(text, date, date, date)`);
  }
}
