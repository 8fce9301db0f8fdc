import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24: market-supervision authorities as data (DOMAIN.md §7 jurisdiction). Each authority has a level, a
 * GB/T 2260 region whose shape fits the level (`000000` nation, `350000` province, `350200` prefecture, `350203`
 * county) and its parent one level up. Every staff user acts for one authority (and possibly a second, granted by an
 * admin); existing users are moved to the national authority, so nobody loses the reach they had. Partner agencies
 * carry their region beside the owning department they already had (existing ones: nationwide, `000000`).
 * `authority_levels.upper_consent_required` is the per-level setting for 报经上一级同意 (Order 44; a 2025 draft
 * drops it): on for prefecture and county, as the rule in force says.
 */
export class Authorities1765500000000 implements MigrationInterface {
  name = 'Authorities1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access.authority_levels (
        level                   text PRIMARY KEY CHECK (level IN ('national','provincial','prefecture','county')),
        rank                    smallint NOT NULL UNIQUE,
        name_zh                 text NOT NULL,
        name_en                 text NOT NULL,
        upper_consent_required  boolean NOT NULL,
        updated_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO access.authority_levels (level, rank, name_zh, name_en, upper_consent_required) VALUES
      ('national', 0, '国家级', 'national', false), ('provincial', 1, '省级', 'provincial', false),
      ('prefecture', 2, '地市级', 'prefecture', true), ('county', 3, '县级', 'county', true)`);
    await q.query(`
      CREATE TABLE access.authorities (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
        name         text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        level        text NOT NULL REFERENCES access.authority_levels(level),
        region_code  text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        parent_id    uuid REFERENCES access.authorities(id),
        active       boolean NOT NULL DEFAULT true,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT authorities_parent_unless_national CHECK ((level = 'national') = (parent_id IS NULL)),
        CONSTRAINT authorities_region_fits_level CHECK (CASE level
          WHEN 'national' THEN region_code = '000000'
          WHEN 'provincial' THEN region_code ~ '^[0-9]{2}0000$' AND region_code <> '000000'
          WHEN 'prefecture' THEN region_code ~ '^[0-9]{4}00$' AND region_code !~ '0000$'
          ELSE region_code !~ '00$' END),
        CONSTRAINT authorities_not_own_parent CHECK (parent_id <> id)
      )`);
    await q.query(`CREATE INDEX authorities_parent_idx ON access.authorities (parent_id)`);
    await q.query(`INSERT INTO access.authorities (code, name, level, region_code) VALUES ('samr', '国家市场监督管理总局', 'national', '000000')`);
    await q.query(`ALTER TABLE access.users ADD COLUMN authority_id uuid REFERENCES access.authorities(id),
      ADD COLUMN second_authority_id uuid REFERENCES access.authorities(id)`);
    await q.query(`UPDATE access.users SET authority_id = (SELECT id FROM access.authorities WHERE code = 'samr')`);
    await q.query(`ALTER TABLE access.users ALTER COLUMN authority_id SET NOT NULL,
      ADD CONSTRAINT users_two_distinct_authorities CHECK (second_authority_id <> authority_id)`);
    await q.query(`ALTER TABLE access.agencies ADD COLUMN region_code text NOT NULL DEFAULT '000000' CHECK (region_code ~ '^[0-9]{6}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access.agencies DROP COLUMN region_code`);
    await q.query(`ALTER TABLE access.users DROP COLUMN second_authority_id, DROP COLUMN authority_id`);
    await q.query(`DROP TABLE access.authorities`);
    await q.query(`DROP TABLE access.authority_levels`);
  }
}
