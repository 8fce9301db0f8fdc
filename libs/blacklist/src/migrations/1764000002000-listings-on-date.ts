import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listings in force on a date, as a btree point read, and the rule itself written once in SQL.
 * `listings_one_active_per_list` (GiST) stays for integrity only (issue 12). `blacklist.in_force_on`
 * is the legal rule (SAMR Order 44: restricting from the decided start until the earlier of removal
 * and the planned end; a revoked listing still answers for dates before its revocation);
 * `blacklist.listings_on` is the published read other contexts join LATERAL. Both are plain SQL
 * functions so PostgreSQL inlines them and the index conditions stay visible to the planner.
 */
export class ListingsOnDate1764000002000 implements MigrationInterface {
  name = 'ListingsOnDate1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX listings_on_date ON blacklist.listings (enterprise_id, start_date) WHERE start_date IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION blacklist.in_force_on(status text, start_date date, ended_on date, planned_end_date date, as_of date)
      RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT start_date IS NOT NULL
           AND status IN ('listed','expired','repaired','revoked')
           AND start_date <= as_of
           AND as_of < greatest(start_date, least(ended_on, planned_end_date))
      $$`);
    await q.query(`
      CREATE FUNCTION blacklist.listings_on(p_enterprise uuid, p_as_of date)
      RETURNS TABLE (id uuid, summary json, start_date date, seq bigint)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        -- summary: the published fields only (ListingSummary in blacklist-reader.ts), never personal data
        SELECT l.id,
               json_build_object('id', l.id, 'listType', l.list_type, 'listTypeName', json_build_object('zh', t.name_zh, 'en', t.name_en),
                 'reason', l.reason, 'legalBasis', l.legal_basis, 'decisionNumber', l.decision_number,
                 'decidingAuthority', l.deciding_authority, 'startDate', l.start_date, 'plannedEndDate', l.planned_end_date),
               l.start_date, l.seq
          FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
         WHERE l.enterprise_id = p_enterprise AND l.start_date <= p_as_of
           AND blacklist.in_force_on(l.status, l.start_date, l.ended_on, l.planned_end_date, p_as_of)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION blacklist.listings_on(uuid, date)`);
    await q.query(`DROP FUNCTION blacklist.in_force_on(text, date, date, date, date)`);
    await q.query(`DROP INDEX blacklist.listings_on_date`);
  }
}
