import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grade rows brought in from earlier provincial records (issue 15): source `import`; the regrade an import causes:
 * `history-import`. Existing rows keep their source.
 */
export class ImportedGrades1764500002000 implements MigrationInterface {
  name = 'ImportedGrades1764500002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grading.grades DROP CONSTRAINT grades_source_check`);
    await q.query(`ALTER TABLE grading.grades ADD CONSTRAINT grades_source_check
      CHECK (source IN ('record-change','listing-change','run','override','seed','manual','import','history-import'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM grading.grades WHERE source IN ('import', 'history-import')`);
    await q.query(`ALTER TABLE grading.grades DROP CONSTRAINT grades_source_check`);
    await q.query(`ALTER TABLE grading.grades ADD CONSTRAINT grades_source_check
      CHECK (source IN ('record-change','listing-change','run','override','seed','manual'))`);
  }
}
