import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21: audited writes no longer queue behind one chain lock. A writer inserts its entry with a sequence number
 * and no chain link (prev_hash, hash, key_id NULL: "pending"); the sealer (AuditSealer) chains them after commit, in
 * sequence order (docs/audit.md § sealing). The append-only trigger now allows exactly that one change: a pending
 * entry gets its link, every other column untouched. Existing entries are all sealed already (hash was NOT NULL).
 */
export class AuditSealedChain1765400000100 implements MigrationInterface {
  name = 'AuditSealedChain1765400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.entries ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await q.query(`ALTER TABLE audit.entries ADD CONSTRAINT entries_sealed_whole
      CHECK ((hash IS NULL) = (prev_hash IS NULL) AND (hash IS NOT NULL OR key_id IS NULL))`);
    await q.query(`CREATE INDEX entries_pending_idx ON audit.entries (seq) WHERE hash IS NULL`);
    await q.query(`
      CREATE FUNCTION audit.allow_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND to_jsonb(NEW) - 'hash' - 'prev_hash' - 'key_id' = to_jsonb(OLD) - 'hash' - 'prev_hash' - 'key_id' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit.entries is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER entries_no_update ON audit.entries`);
    await q.query(`CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.allow_seal_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER entries_no_update ON audit.entries`);
    await q.query(`CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.reject_change()`);
    await q.query(`DROP FUNCTION audit.allow_seal_only()`);
    await q.query(`DROP INDEX audit.entries_pending_idx`);
    await q.query(`ALTER TABLE audit.entries DROP CONSTRAINT entries_sealed_whole`);
    await q.query(`ALTER TABLE audit.entries ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
  }
}
