import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grade on a date as a btree point read. The exclusion constraint `grades_no_overlap` (GiST) stays
 * for integrity only: as a read path it touched ~400 buffers a probe on a register regraded a few
 * times, where this btree touches ~4 (issue 12). `grading.grade_on` is the context's published read
 * — other contexts join it LATERAL and PostgreSQL inlines it, so the rule "which row is in force on
 * a date" is written here once.
 */
export class GradeOnDate1764000001000 implements MigrationInterface {
  name = 'GradeOnDate1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX grades_on_date ON grading.grades (enterprise_id, valid_from DESC)
        INCLUDE (grade, valid_to, overridden, score, model_version)`);
    // Rows never overlap (grades_no_overlap), so the newest row starting on or before the date is the only
    // candidate; an empty same-day range [d, d) fails the valid_to test and the scan moves on.
    await q.query(`
      CREATE FUNCTION grading.grade_on(p_enterprise uuid, p_as_of date)
      RETURNS TABLE (grade text, score float8, valid_from date, model_version text, overridden boolean)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT g.grade, g.score::float8, g.valid_from, g.model_version, g.overridden
          FROM grading.grades g
         WHERE g.enterprise_id = p_enterprise AND g.valid_from <= p_as_of
           AND (g.valid_to IS NULL OR p_as_of < g.valid_to)
         ORDER BY g.valid_from DESC
         LIMIT 1
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION grading.grade_on(uuid, date)`);
    await q.query(`DROP INDEX grading.grades_on_date`);
  }
}
