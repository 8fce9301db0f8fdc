import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `enterprises.resolve_code(code)`: the context's published lookup (normalised code → the enterprise),
 * one unique-btree probe: a USCC by itself, and only when no record carries it, by the organisation
 * code it embeds on a record still without a USCC; a 9-character code by org_code. Plain SQL, so
 * PostgreSQL inlines it into the statement that joins it (checks) and the branches that cannot match
 * a code's length are pruned as one-time filters. Same answer as EnterprisesService.resolve.
 */
export class ResolveCode1764000000000 implements MigrationInterface {
  name = 'ResolveCode1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION enterprises.resolve_code(p_code text)
      RETURNS TABLE (id uuid, uscc text, org_code text, name text, region_code text, industry_code text, status text,
                     code_exception boolean)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT r.* FROM (
          SELECT e.id, e.uscc, e.org_code, e.name, e.region_code, e.industry_code, e.status, e.code_exception_reason IS NOT NULL
            FROM enterprises.enterprises e WHERE length(p_code) = 18 AND e.uscc = p_code
          UNION ALL
          SELECT e.id, e.uscc, e.org_code, e.name, e.region_code, e.industry_code, e.status, e.code_exception_reason IS NOT NULL
            FROM enterprises.enterprises e WHERE length(p_code) = 18 AND e.org_code = substr(p_code, 9, 9) AND e.uscc IS NULL
          UNION ALL
          SELECT e.id, e.uscc, e.org_code, e.name, e.region_code, e.industry_code, e.status, e.code_exception_reason IS NOT NULL
            FROM enterprises.enterprises e WHERE length(p_code) = 9 AND e.org_code = p_code
        ) r LIMIT 1
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enterprises.resolve_code(text)`);
  }
}
