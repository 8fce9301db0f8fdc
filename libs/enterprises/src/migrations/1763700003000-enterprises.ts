import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedReferenceBase } from '../reference-data.js';

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
    // Cost notes (measured on 1M rows, docs in the bench): ids are time-ordered (uuidv7, PostgreSQL 18), so the primary
    // key grows at its right edge instead of touching a random leaf per insert; the code/hash CHECKs are a length plus
    // a negated class, equivalent to the anchored `^[…]{n}$` forms, which cost ~15 µs a row in PostgreSQL's regex
    // engine; the legal-rep hash is only ever compared for equality, so its index is a hash index (a quarter the size).
    await q.query(`
      CREATE TABLE enterprises.enterprises (
        id                    uuid PRIMARY KEY DEFAULT uuidv7(),
        uscc                  text UNIQUE CHECK (length(uscc) = 18 AND uscc !~ '[^0-9A-Z]'),
        org_code              text NOT NULL UNIQUE CHECK (length(org_code) = 9 AND org_code !~ '[^0-9A-Z]'),
        name                  text NOT NULL CHECK (btrim(name) <> ''),
        name_since            date,
        former_names          jsonb NOT NULL DEFAULT '[]'::jsonb,
        legal_rep_name        text,
        legal_rep_id_enc      text,
        legal_rep_id_hash     text CHECK (length(legal_rep_id_hash) = 64 AND legal_rep_id_hash !~ '[^0-9a-f]'),
        legal_rep_id_masked   text,
        legal_rep_phone       text,
        region_code           text NOT NULL, -- ∈ divisions(code), checked per statement by the triggers below
        industry_code         text NOT NULL, -- ∈ industries(code), likewise
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
    await q.query(`CREATE INDEX enterprises_rep_hash_idx ON enterprises.enterprises USING hash (legal_rep_id_hash) WHERE legal_rep_id_hash IS NOT NULL`);
    await q.query(`
      CREATE TABLE enterprises.enterprise_versions (
        -- No FK to enterprises: rows come only from the trigger below, for rows that statement just wrote, and
        -- enterprises are never deleted (enterprises_no_delete). A per-row FK check would lock every new
        -- enterprise row again (KEY SHARE: a WAL record per row) during imports.
        enterprise_id uuid NOT NULL,
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
    // One statement-level trigger per write does two set-based things over the transition table:
    // (1) the reference check a foreign key would do with two lookups per row (same SQLSTATE 23503,
    //     so callers map it the same way; enterprises_reference_in_use guards the other side), and
    // (2) the history rows, one per written row.
    await q.query(`
      CREATE FUNCTION enterprises.record_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ctx jsonb := coalesce(nullif(current_setting('qcr.change', true), '')::jsonb, '{}'::jsonb);
        bad record;
      BEGIN
        SELECT n.region_code, n.industry_code INTO bad FROM new_rows n
         WHERE NOT EXISTS (SELECT 1 FROM enterprises.divisions d WHERE d.code = n.region_code)
            OR NOT EXISTS (SELECT 1 FROM enterprises.industries i WHERE i.code = n.industry_code)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'unknown region % or industry %', bad.region_code, bad.industry_code
            USING ERRCODE = 'foreign_key_violation', TABLE = 'enterprises', SCHEMA = 'enterprises';
        END IF;
        INSERT INTO enterprises.enterprise_versions (enterprise_id, version, effective_on, change, reason, actor_id, actor_name, data)
        SELECT n.id, n.version, n.effective_on, coalesce(ctx->>'change', lower(TG_OP)), ctx->>'reason',
               coalesce(ctx->>'actorId', session_user::text), ctx->>'actorName', to_jsonb(n)
        FROM new_rows n;
        RETURN NULL;
      END $$`);
    // The referenced side: a division or industry code still used by an enterprise cannot go away.
    await q.query(`
      CREATE FUNCTION enterprises.reference_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM old_rows o JOIN enterprises.enterprises e
                     ON (TG_TABLE_NAME = 'divisions' AND e.region_code = o.code) OR (TG_TABLE_NAME = 'industries' AND e.industry_code = o.code)
                    WHERE NOT EXISTS (SELECT 1 FROM enterprises.divisions d WHERE TG_TABLE_NAME = 'divisions' AND d.code = o.code)
                      AND NOT EXISTS (SELECT 1 FROM enterprises.industries i WHERE TG_TABLE_NAME = 'industries' AND i.code = o.code)) THEN
          RAISE EXCEPTION '% code still used by an enterprise', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['divisions', 'industries']) {
      for (const op of ['DELETE', 'UPDATE']) {
        await q.query(`CREATE TRIGGER ${table}_in_use_on_${op.toLowerCase()} AFTER ${op} ON enterprises.${table}
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises.reference_in_use()`);
      }
    }
    await q.query(`CREATE TRIGGER enterprises_versions_on_insert AFTER INSERT ON enterprises.enterprises
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises.record_versions()`);
    await q.query(`CREATE TRIGGER enterprises_versions_on_update AFTER UPDATE ON enterprises.enterprises
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises.record_versions()`);
    await q.query(`
      CREATE FUNCTION enterprises.forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'enterprise records are never deleted: change their status instead' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER enterprises_no_delete BEFORE DELETE ON enterprises.enterprises
      FOR EACH STATEMENT EXECUTE FUNCTION enterprises.forbid_delete()`);
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
    await seedReferenceBase(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA enterprises CASCADE`);
  }
}
