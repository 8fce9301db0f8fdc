import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics count an enterprise whose region code was retired (GB/T 2260 撤销, e.g. 310108 闸北区 → 310106
 * 静安区 in 2015) under the division that took it over, so today's provinces, prefectures and counties add up
 * (issue 14). The record keeps its code; only this view maps it. Successors are stored already followed to
 * the current code (enterprises' reference loader), so one join suffices.
 */
export class StatisticsSuccessorRegions1764400001000 implements MigrationInterface {
  name = 'StatisticsSuccessorRegions1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW statistics.enterprises AS
        SELECT e.id, coalesce(d.successor_code, e.region_code) AS region_code, e.industry_code, e.status
          FROM enterprises.enterprises e LEFT JOIN enterprises.divisions d ON d.code = e.region_code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW statistics.enterprises AS
        SELECT id, region_code, industry_code, status FROM enterprises.enterprises`);
  }
}
