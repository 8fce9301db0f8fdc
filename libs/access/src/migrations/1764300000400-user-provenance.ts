import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 §6: who created each user and who granted their roles, and when — so a fresh account cannot be the
 * second pair of eyes on what its creator proposed (SeparationOfDuties). Existing users: their roles date from
 * their creation; who created them was not recorded (NULL: the rule cannot tie them to anyone).
 */
export class UserProvenance1764300000400 implements MigrationInterface {
  name = 'UserProvenance1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access.users ADD COLUMN created_by text, ADD COLUMN roles_granted_by text,
      ADD COLUMN roles_granted_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE access.users SET roles_granted_at = created_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access.users DROP COLUMN created_by, DROP COLUMN roles_granted_by, DROP COLUMN roles_granted_at`);
  }
}
