import type { MigrationInterface, QueryRunner } from 'typeorm';
import { upsertReferenceData } from '../reference-data.js';

/**
 * Reference data from a maintained source (issue 14): the full GB/T 2260 table with retired codes
 * (valid_until + successor, so USCCs issued under an old division still register and statistics map
 * them to today's division), GB/T 4754-2017 below section level (division C13, group C131, class C1311),
 * and the editions loaded (`cli reference update`), each one row here and one audit entry.
 */
export class ReferenceEditions1764400000000 implements MigrationInterface {
  name = 'ReferenceEditions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enterprises.divisions
        ADD COLUMN valid_from date,
        ADD COLUMN valid_until date,
        ADD COLUMN successor_code text REFERENCES enterprises.divisions(code),
        ADD COLUMN edition text,
        ADD CONSTRAINT divisions_successor_of_retired CHECK (successor_code IS NULL OR (valid_until IS NOT NULL AND successor_code <> code))`);
    await q.query(`ALTER TABLE enterprises.industries DROP CONSTRAINT industries_code_check`);
    await q.query(`
      ALTER TABLE enterprises.industries
        ADD CONSTRAINT industries_code_check CHECK (code ~ '^[A-T]([0-9]{2}([0-9]{1,2})?)?$'),
        ADD COLUMN level text NOT NULL DEFAULT 'section' CHECK (level IN ('section', 'division', 'group', 'class')),
        ADD COLUMN parent_code text REFERENCES enterprises.industries(code),
        ADD COLUMN edition text,
        ALTER COLUMN name_en DROP NOT NULL,
        ADD CONSTRAINT industries_level_matches_code CHECK (length(code) = CASE level WHEN 'section' THEN 1 WHEN 'division' THEN 3 WHEN 'group' THEN 4 ELSE 5 END),
        ADD CONSTRAINT industries_parent_is_prefix CHECK (parent_code IS NULL OR (left(code, length(parent_code)) = parent_code AND level <> 'section'))`);
    await q.query(`
      CREATE TABLE enterprises.reference_editions (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        standard    text NOT NULL CHECK (standard IN ('gbt2260', 'gbt4754')),
        edition     text NOT NULL,
        source      text,
        file_name   text,
        added       integer NOT NULL,
        changed     integer NOT NULL,
        retired     integer NOT NULL,
        loaded_by   text NOT NULL,
        loaded_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // Existing rows: the seed files' editions fill the new columns and add what the old seed lacked.
    await upsertReferenceData(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enterprises.reference_editions`);
    await q.query(`DELETE FROM enterprises.industries WHERE level <> 'section'`);
    await q.query(`ALTER TABLE enterprises.industries DROP CONSTRAINT industries_parent_is_prefix, DROP CONSTRAINT industries_level_matches_code,
      DROP COLUMN edition, DROP COLUMN parent_code, DROP COLUMN level, DROP CONSTRAINT industries_code_check`);
    await q.query(`ALTER TABLE enterprises.industries ADD CONSTRAINT industries_code_check CHECK (code ~ '^[A-T]$')`);
    await q.query(`ALTER TABLE enterprises.divisions DROP COLUMN edition, DROP COLUMN successor_code, DROP COLUMN valid_until, DROP COLUMN valid_from`);
  }
}
