import type { MigrationInterface, QueryRunner } from 'typeorm';
import { upsertCorrespondenceSeed, upsertReferenceData } from '../reference-data.js';

/**
 * GB/T 4754-2017 in full (issue 14): the seed now carries the 473 groups and the classes, so databases migrated
 * before get them here (rows are only added or filled in, never deleted); and the 2011 → 2017 correspondence
 * (2017 与 2011 版对照), so a record or file still coded in the 2011 edition maps to today's code where the
 * correspondence is 1:1. Each pair references the 2017 code it maps to.
 */
export class IndustryCorrespondence1764800000000 implements MigrationInterface {
  name = 'IndustryCorrespondence1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enterprises.industry_correspondence (
        from_code    text NOT NULL CHECK (from_code ~ '^[A-T]([0-9]{2}([0-9]{1,2})?)?$'),
        from_edition text NOT NULL DEFAULT 'GB/T 4754-2011',
        to_code      text NOT NULL REFERENCES enterprises.industries(code),
        edition      text,
        PRIMARY KEY (from_code, to_code)
      )`);
    await upsertReferenceData(q.manager);
    await upsertCorrespondenceSeed(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enterprises.industry_correspondence`);
  }
}
