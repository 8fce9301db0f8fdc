import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who raised and who resolved an objection, by name (issue 16: the console's objection queue showed
 * user ids). Stored at write time like listings' `proposed_by_name`; existing rows take the user's
 * display name from `access.users` once, here.
 */
export class ObjectionNames1764600002000 implements MigrationInterface {
  name = 'ObjectionNames1764600002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.objections ADD COLUMN raised_by_name text, ADD COLUMN resolved_by_name text`);
    await q.query(`UPDATE credit.objections o SET raised_by_name = u.username FROM access.users u WHERE u.id::text = o.raised_by`);
    await q.query(`UPDATE credit.objections o SET resolved_by_name = u.username FROM access.users u WHERE u.id::text = o.resolved_by`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.objections DROP COLUMN raised_by_name, DROP COLUMN resolved_by_name`);
  }
}
