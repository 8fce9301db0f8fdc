import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: an administrator edits a list type's term, statement period and repair minimum; a change applies to
 * listings proposed after it, never to one already under way. So each listing keeps the settings it was proposed
 * under (filled for existing listings from their type, and by a trigger on insert), and the list type carries a
 * version for optimistic edits.
 */
export class ListTypeSettings1764900001000 implements MigrationInterface {
  name = 'ListTypeSettings1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.list_types ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version >= 1),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT list_types_names_present CHECK (btrim(name_zh) <> '' AND btrim(name_en) <> '' AND btrim(legal_basis) <> ''),
      ADD CONSTRAINT list_types_repair_min_sane CHECK (repair_min_years <= duration_years)`);
    await q.query(`ALTER TABLE blacklist.listings ADD COLUMN type_duration_years int, ADD COLUMN type_statement_days int,
      ADD COLUMN type_repair_min_years int`);
    await q.query(`UPDATE blacklist.listings l SET type_duration_years = t.duration_years, type_statement_days = t.statement_days,
      type_repair_min_years = t.repair_min_years FROM blacklist.list_types t WHERE t.code = l.list_type`);
    await q.query(`
      CREATE FUNCTION blacklist.listing_type_settings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT coalesce(NEW.type_duration_years, t.duration_years), coalesce(NEW.type_statement_days, t.statement_days),
               coalesce(NEW.type_repair_min_years, t.repair_min_years)
          INTO NEW.type_duration_years, NEW.type_statement_days, NEW.type_repair_min_years
          FROM blacklist.list_types t WHERE t.code = NEW.list_type;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER listings_type_settings BEFORE INSERT ON blacklist.listings
      FOR EACH ROW EXECUTE FUNCTION blacklist.listing_type_settings()`);
    await q.query(`ALTER TABLE blacklist.listings ALTER COLUMN type_duration_years SET NOT NULL,
      ALTER COLUMN type_statement_days SET NOT NULL, ALTER COLUMN type_repair_min_years SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER listings_type_settings ON blacklist.listings`);
    await q.query(`DROP FUNCTION blacklist.listing_type_settings()`);
    await q.query(`ALTER TABLE blacklist.listings DROP COLUMN type_duration_years, DROP COLUMN type_statement_days, DROP COLUMN type_repair_min_years`);
    await q.query(`ALTER TABLE blacklist.list_types DROP CONSTRAINT list_types_repair_min_sane, DROP CONSTRAINT list_types_names_present,
      DROP COLUMN updated_at, DROP COLUMN version`);
  }
}
