import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 §5: the chain becomes keyed (HMAC with QCR_AUDIT_KEY) and covers every column. key_id names the key each
 * entry was signed with (keys rotate). Existing entries keep key_id NULL here: the migration never sees the key, so
 * the application re-chains them once at start-up from a recorded epoch (AuditChain.prepare, docs/audit.md).
 */
export class AuditKeyedChain1764300000300 implements MigrationInterface {
  name = 'AuditKeyedChain1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.entries ADD COLUMN key_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.entries DROP COLUMN key_id`);
  }
}
