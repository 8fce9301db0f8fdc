import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who proposed and who reviewed an override, and who started a regrade run, by name (issue 16: the console's queues showed user
 * ids). Stored at write time, as listings keep `proposed_by_name`, so a list needs no lookup in
 * another context; existing rows take the user name (what `actor.name` holds) from `access.users` once, here.
 */
export class OverrideNames1764600001000 implements MigrationInterface {
  name = 'OverrideNames1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.overrides ADD COLUMN proposed_by_name text, ADD COLUMN reviewed_by_name text`);
    await q.query(`UPDATE grading.overrides o SET proposed_by_name = u.username FROM access.users u WHERE u.id::text = o.proposed_by::text`);
    await q.query(`UPDATE grading.overrides o SET reviewed_by_name = u.username FROM access.users u WHERE u.id::text = o.reviewed_by::text`);
    // who started a regrade run, likewise (the grader's run list)
    await q.query(`ALTER TABLE grading.runs ADD COLUMN started_by_name text`);
    await q.query(`UPDATE grading.runs r SET started_by_name = u.username FROM access.users u WHERE u.id::text = r.started_by::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.runs DROP COLUMN started_by_name`);
    await q.query(`ALTER TABLE grading.overrides DROP COLUMN proposed_by_name, DROP COLUMN reviewed_by_name`);
  }
}
