import type { MigrationInterface, QueryRunner } from 'typeorm';
import { upsertReferenceData } from '../reference-data.js';

/**
 * Enterprise records keyed by organisation code (DOMAIN.md §3–4).
 * Identity uniqueness is enforced here, not in code: one row per org code, one per USCC,
 * and a USCC must embed its row's org code. Every insert/update is copied to
 * enterprise_versions by statement-level triggers (set-based, so bulk imports stay fast).
 */
export class Enterprises1763700003000 implements MigrationInterface {
  name = 'Enterprises1763700003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS enterprises`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE enterprises.divisions (
        code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('province', 'prefecture', 'county')),
        parent_code text REFERENCES enterprises.divisions(code)
      )`);
    await q.query(`
      CREATE TABLE enterprises.industries (
        code    text PRIMARY KEY CHECK (code ~ '^[A-T]$'),
        name_zh text NOT NULL,
        name_en text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE enterprises.enterprises (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uscc                  text UNIQUE CHECK (uscc ~ '^[0-9A-Z]{18}$'),
        org_code              text NOT NULL UNIQUE CHECK (org_code ~ '^[0-9A-Z]{9}$'),
        name                  text NOT NULL CHECK (btrim(name) <> ''),
        name_since            date,
        former_names          jsonb NOT NULL DEFAULT '[]'::jsonb,
        legal_rep_name        text,
        legal_rep_id_enc      text,
        legal_rep_id_hash     text CHECK (legal_rep_id_hash ~ '^[0-9a-f]{64}$'),
        legal_rep_id_masked   text,
        legal_rep_phone       text,
        region_code           text NOT NULL REFERENCES enterprises.divisions(code),
        industry_code         text NOT NULL REFERENCES enterprises.industries(code),
        status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deregistered', 'revoked')),
        address               text,
        registered_on         date,
        code_exception_reason text,
        version               integer NOT NULL DEFAULT 1 CHECK (version > 0),
        effective_on          date NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT enterprises_uscc_embeds_org CHECK (uscc IS NULL OR substr(uscc, 9, 9) = org_code)
      )`);
    await q.query(`CREATE INDEX enterprises_name_trgm ON enterprises.enterprises USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX enterprises_region_idx ON enterprises.enterprises (region_code)`);
    await q.query(`CREATE INDEX enterprises_industry_idx ON enterprises.enterprises (industry_code)`);
    await q.query(`CREATE INDEX enterprises_rep_hash_idx ON enterprises.enterprises (legal_rep_id_hash) WHERE legal_rep_id_hash IS NOT NULL`);
    await q.query(`
      CREATE TABLE enterprises.enterprise_versions (
        enterprise_id uuid NOT NULL REFERENCES enterprises.enterprises(id),
        version       integer NOT NULL,
        effective_on  date NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        change        text NOT NULL,
        reason        text,
        actor_id      text NOT NULL,
        actor_name    text,
        data          jsonb NOT NULL,
        PRIMARY KEY (enterprise_id, version)
      )`);
    // The writer says who and why with set_config('qcr.change', json, true) in its transaction.
    await q.query(`
      CREATE FUNCTION enterprises.record_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ctx jsonb := coalesce(nullif(current_setting('qcr.change', true), '')::jsonb, '{}'::jsonb);
      BEGIN
        INSERT INTO enterprises.enterprise_versions (enterprise_id, version, effective_on, change, reason, actor_id, actor_name, data)
        SELECT n.id, n.version, n.effective_on, coalesce(ctx->>'change', lower(TG_OP)), ctx->>'reason',
               coalesce(ctx->>'actorId', session_user::text), ctx->>'actorName', to_jsonb(n)
        FROM new_rows n;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER enterprises_versions_on_insert AFTER INSERT ON enterprises.enterprises
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises.record_versions()`);
    await q.query(`CREATE TRIGGER enterprises_versions_on_update AFTER UPDATE ON enterprises.enterprises
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises.record_versions()`);
    await q.query(`
      CREATE TABLE enterprises.imports (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name   text,
        actor_id    text NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        rows_read   integer NOT NULL,
        inserted    integer NOT NULL,
        updated     integer NOT NULL,
        unchanged   integer NOT NULL,
        rejected    integer NOT NULL,
        errors      jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await upsertReferenceData(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA enterprises CASCADE`);
  }
}
