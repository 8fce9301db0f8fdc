import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23: what other contexts may read of the register in SQL, published by its owner (docs/contracts.md) instead of
 * read from `enterprises.enterprises` directly. `enterprises.register` is the contract's columns (no personal data); a
 * plain view, so a read through it plans exactly like one on the table (`id > $1 ORDER BY id LIMIT n` stays a walk of
 * the primary key). `enterprises.register_estimate()` is the planner's row count, for a regrade's progress total.
 */
export class PublishedRegister1765700000200 implements MigrationInterface {
  name = 'PublishedRegister1765700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW enterprises.register AS
        SELECT id, uscc, org_code, name, region_code, industry_code, status, registered_on, created_at FROM enterprises.enterprises`);
    await q.query(`
      CREATE FUNCTION enterprises.register_estimate() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT reltuples::bigint FROM pg_class WHERE oid = 'enterprises.enterprises'::regclass
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enterprises.register_estimate()`);
    await q.query(`DROP VIEW enterprises.register`);
  }
}
