import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Append-only, hash-chained audit log. UPDATE/DELETE/TRUNCATE are rejected by triggers. */
export class AuditLog1763700002000 implements MigrationInterface {
  name = 'AuditLog1763700002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`
      CREATE TABLE audit.entries (
        seq          bigserial PRIMARY KEY,
        at           timestamptz NOT NULL,
        actor_kind   text NOT NULL,
        actor_id     text NOT NULL,
        actor_name   text NOT NULL,
        actor_roles  text[] NOT NULL DEFAULT '{}',
        action       text NOT NULL,
        entity_type  text NOT NULL,
        entity_id    text NOT NULL,
        before       jsonb,
        after        jsonb,
        reason       text,
        request_id   text,
        prev_hash    text NOT NULL,
        hash         text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX entries_entity_idx ON audit.entries (entity_type, entity_id, seq)`);
    await q.query(`CREATE INDEX entries_actor_idx ON audit.entries (actor_id, seq)`);
    await q.query(`CREATE INDEX entries_at_idx ON audit.entries (at)`);
    await q.query(`
      CREATE FUNCTION audit.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.entries is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.reject_change()`);
    await q.query(`CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit CASCADE`);
  }
}
