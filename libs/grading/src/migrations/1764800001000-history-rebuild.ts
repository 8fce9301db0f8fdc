import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `cli regrade --rebuild-history --from D` (issue 15): a run of its own kind in grading.runs (so it and a full regrade
 * never run at once: one `running` row at a time), and grade rows it writes carry source `rebuild`. Existing runs are
 * regrades; existing rows keep their source.
 */
export class HistoryRebuild1764800001000 implements MigrationInterface {
  name = 'HistoryRebuild1764800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.runs ADD COLUMN kind text NOT NULL DEFAULT 'regrade' CHECK (kind IN ('regrade', 'rebuild-history'))`);
    await q.query(`ALTER TABLE grading.grades DROP CONSTRAINT grades_source_check`);
    await q.query(`ALTER TABLE grading.grades ADD CONSTRAINT grades_source_check
      CHECK (source IN ('record-change','listing-change','run','override','seed','manual','import','history-import','rebuild'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM grading.grades WHERE source = 'rebuild'`);
    await q.query(`ALTER TABLE grading.grades DROP CONSTRAINT grades_source_check`);
    await q.query(`ALTER TABLE grading.grades ADD CONSTRAINT grades_source_check
      CHECK (source IN ('record-change','listing-change','run','override','seed','manual','import','history-import'))`);
    await q.query(`DELETE FROM grading.runs WHERE kind = 'rebuild-history'`);
    await q.query(`ALTER TABLE grading.runs DROP COLUMN kind`);
  }
}
