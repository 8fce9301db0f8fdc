import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The check log is written on every answered check and read rarely: a receipt by its key, and feedback
 * statistics by date range. The two btree indexes it had served no query (stats filter on checked_at only)
 * and cost about a tenth of the check API's throughput (measured: docs/performance.md). Rows arrive in
 * checked_at order, so a BRIN index on it serves the date ranges for a few pages of upkeep.
 */
export class CheckLogIndexes1763700009000 implements MigrationInterface {
  name = 'CheckLogIndexes1763700009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX measures.checks_agency_purpose_idx`);
    await q.query(`DROP INDEX measures.checks_enterprise_idx`);
    await q.query(`CREATE INDEX checks_checked_at_brin ON measures.checks USING brin (checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX measures.checks_checked_at_brin`);
    await q.query(`CREATE INDEX checks_enterprise_idx ON measures.checks (enterprise_id, checked_at)`);
    await q.query(`CREATE INDEX checks_agency_purpose_idx ON measures.checks (agency_id, purpose, checked_at)`);
  }
}
