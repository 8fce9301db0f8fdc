import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the console shows who loaded and who activated each model version by name (never a user id), and a
 * version can be loaded first and activated after its diff against the active one was read. Existing rows take the
 * user name from `access.users` once, here (the seed model was loaded by 'migration').
 */
export class ModelActivation1764900003000 implements MigrationInterface {
  name = 'ModelActivation1764900003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.models ADD COLUMN loaded_by_name text, ADD COLUMN activated_at timestamptz, ADD COLUMN activated_by_name text`);
    await q.query(`UPDATE grading.models m SET loaded_by_name = coalesce((SELECT u.username FROM access.users u WHERE u.id::text = m.loaded_by), m.loaded_by)`);
    await q.query(`UPDATE grading.models SET activated_at = loaded_at, activated_by_name = loaded_by_name WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.models DROP COLUMN loaded_by_name, DROP COLUMN activated_at, DROP COLUMN activated_by_name`);
  }
}
