import { readFileSync } from 'node:fs';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedFile } from '#qcr/platform';

/**
 * Grading (DOMAIN.md §6): model versions, effective-dated grades (no overlaps per enterprise,
 * enforced by an exclusion constraint), overrides, full-regrade runs, inspection plans.
 */
export class Grading1763700005000 implements MigrationInterface {
  name = 'Grading1763700005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS grading`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE grading.models (
        version     text PRIMARY KEY,
        definition  jsonb NOT NULL,
        active      boolean NOT NULL DEFAULT false,
        loaded_at   timestamptz NOT NULL DEFAULT now(),
        loaded_by   text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX models_one_active ON grading.models (active) WHERE active`);
    await q.query(`
      CREATE TABLE grading.overrides (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id  uuid NOT NULL REFERENCES enterprises.enterprises(id),
        grade          text NOT NULL CHECK (grade IN ('AAA','AA','A','B','C','D')),
        reason         text NOT NULL,
        status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','approved','rejected','withdrawn')),
        proposed_by    text NOT NULL,
        proposed_at    timestamptz NOT NULL DEFAULT now(),
        reviewed_by    text,
        reviewed_at    timestamptz,
        review_reason  text,
        valid_from     date,
        valid_until    date,
        -- four-eyes: the reviewer is never the proposer
        CONSTRAINT overrides_four_eyes CHECK (reviewed_by IS NULL OR reviewed_by <> proposed_by),
        CHECK (status <> 'approved' OR (valid_from IS NOT NULL AND valid_until > valid_from))
      )`);
    await q.query(`CREATE UNIQUE INDEX overrides_one_proposed ON grading.overrides (enterprise_id) WHERE status = 'proposed'`);
    await q.query(`CREATE INDEX overrides_approved_idx ON grading.overrides (enterprise_id, valid_until) WHERE status = 'approved'`);
    await q.query(`
      CREATE TABLE grading.runs (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version       text NOT NULL REFERENCES grading.models(version),
        as_of               date NOT NULL,
        status              text NOT NULL DEFAULT 'running' CHECK (status IN ('running','completed','failed')),
        chunk_size          int NOT NULL,
        last_enterprise_id  uuid,
        processed           bigint NOT NULL DEFAULT 0,
        changed             bigint NOT NULL DEFAULT 0,
        total               bigint,
        started_by          text NOT NULL,
        started_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        finished_at         timestamptz,
        error               text
      )`);
    await q.query(`
      CREATE TABLE grading.grades (
        id               bigserial PRIMARY KEY,
        enterprise_id    uuid NOT NULL REFERENCES enterprises.enterprises(id),
        grade            text NOT NULL CHECK (grade IN ('AAA','AA','A','B','C','D')),
        score            numeric(6,2) NOT NULL,
        model_version    text NOT NULL REFERENCES grading.models(version),
        explanation      jsonb NOT NULL,
        standing         jsonb NOT NULL DEFAULT '{}'::jsonb,
        valid_from       date NOT NULL,
        valid_to         date,
        overridden       boolean NOT NULL DEFAULT false,
        override_id      uuid REFERENCES grading.overrides(id),
        source           text NOT NULL CHECK (source IN ('record-change','listing-change','run','override','seed','manual')),
        run_id           uuid REFERENCES grading.runs(id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT grades_no_overlap EXCLUDE USING gist (enterprise_id WITH =, daterange(valid_from, valid_to) WITH &&)
      )`);
    await q.query(`CREATE UNIQUE INDEX grades_current ON grading.grades (enterprise_id) INCLUDE (grade) WHERE valid_to IS NULL`);
    // History and as-of reads use the exclusion constraint's GiST index (enterprise_id =, daterange @>).
    await q.query(`
      CREATE TABLE grading.inspection_plans (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title            text NOT NULL,
        region_prefix    text,
        industry_code    text,
        period_from      date NOT NULL,
        period_to        date NOT NULL,
        as_of            date NOT NULL,
        seed             text NOT NULL,
        model_version    text NOT NULL,
        rates            jsonb NOT NULL,
        inspectors       text[] NOT NULL,
        population       jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        published_by     text,
        published_at     timestamptz,
        CHECK (period_to >= period_from)
      )`);
    await q.query(`
      CREATE TABLE grading.inspection_plan_items (
        plan_id        uuid NOT NULL REFERENCES grading.inspection_plans(id),
        enterprise_id  uuid NOT NULL REFERENCES enterprises.enterprises(id),
        grade          text NOT NULL,
        inspectors     text[] NOT NULL,
        PRIMARY KEY (plan_id, enterprise_id)
      )`);
    const v1 = JSON.parse(readFileSync(seedFile('grading-model-v1.json'), 'utf8')) as { $comment?: string; version: string };
    delete v1.$comment;
    await q.query(`INSERT INTO grading.models (version, definition, active, loaded_by) VALUES ($1, $2, true, 'migration')`, [v1.version, JSON.stringify(v1)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA grading CASCADE`);
  }
}
