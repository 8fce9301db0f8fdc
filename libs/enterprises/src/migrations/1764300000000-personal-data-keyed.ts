import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: personal data sealed under keys held outside the database.
 * The migration cannot do the re-sealing itself — it has no key (by design). It prepares the schema:
 * - the version trigger skips writes marked `qcr.reseal` (a re-seal changes how a value is stored, not the
 *   record: no new version);
 * - CHECKs that new writes store only sealed values (`v2:<kid>:…`), no clear phone and no digest without
 *   its sealed number. They are NOT VALID: existing rows are re-sealed by the application at start-up
 *   (PersonalDataResealer, docs/enterprises.md § Personal data), which then VALIDATEs them.
 */
export class PersonalDataKeyed1764300000000 implements MigrationInterface {
  name = 'PersonalDataKeyed1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION enterprises.record_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ctx jsonb := coalesce(nullif(current_setting('qcr.change', true), '')::jsonb, '{}'::jsonb);
        bad record;
      BEGIN
        IF current_setting('qcr.reseal', true) = 'on' THEN
          RETURN NULL;
        END IF;
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
    await q.query(`ALTER TABLE enterprises.enterprises
      ADD CONSTRAINT enterprises_phone_sealed CHECK (legal_rep_phone IS NULL OR legal_rep_phone LIKE 'v2:%') NOT VALID,
      ADD CONSTRAINT enterprises_id_sealed CHECK (legal_rep_id_enc IS NULL OR legal_rep_id_enc LIKE 'v2:%') NOT VALID,
      ADD CONSTRAINT enterprises_digest_with_seal CHECK ((legal_rep_id_hash IS NULL) = (legal_rep_id_enc IS NULL)) NOT VALID`);
    // Which key ids may have sealed stored values: start-up checks each (one sample row each) instead of scanning
    // every row for the ids in use. The application adds its current key id before it writes; a finished rotation
    // leaves only the new one.
    await q.query(`CREATE TABLE enterprises.pii_keys (kid text PRIMARY KEY, since timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprises.enterprises DROP CONSTRAINT enterprises_phone_sealed,
      DROP CONSTRAINT enterprises_id_sealed, DROP CONSTRAINT enterprises_digest_with_seal`);
    await q.query(`DROP TABLE enterprises.pii_keys`);
  }
}
