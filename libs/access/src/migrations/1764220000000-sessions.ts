import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff token revocation (issue 13 §7): a token id (`jti`) revoked by logout, and a per-user instant
 * before which every token is void (deactivation, roles cut, "log out everywhere").
 */
export class Sessions1764220000000 implements MigrationInterface {
  name = 'Sessions1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access.users ADD COLUMN tokens_valid_after timestamptz`);
    await q.query(`
      CREATE TABLE access.revoked_tokens (
        jti         uuid PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES access.users(id),
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX revoked_tokens_user_idx ON access.revoked_tokens (user_id, expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access.revoked_tokens`);
    await q.query(`ALTER TABLE access.users DROP COLUMN tokens_valid_after`);
  }
}
