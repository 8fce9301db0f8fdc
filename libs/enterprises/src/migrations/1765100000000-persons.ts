import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: responsible persons (法定代表人、董事、监事、高管、主要负责人) as private records, and their roles in
 * enterprises over time. A person is known by a keyed digest (HMAC under the PII key `key_id`, computed by the
 * application: the database never holds the key) of the normalised document number, plus the number sealed
 * (AES-GCM, `v2:<kid>:…`) for staff holding personal-data.read. `key_id` NULL marks a digest made before key ids
 * (copied from legacy enterprise rows): the application re-digests those at start-up (PersonsResealer).
 *
 * person_roles carry the period [valid_from, valid_to) of each role; a row is never deleted and every write is
 * kept in person_role_versions (the history trigger), like enterprise records. One legal representative per
 * enterprise at a time is an exclusion constraint, not a rule in code.
 *
 * Existing rows: every enterprise's current legal representative becomes a person (digest, sealed number and
 * mask copied) holding the legal_representative role since the first version that named them.
 */
export class Persons1765100000000 implements MigrationInterface {
  name = 'Persons1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE enterprises.persons (
        id         uuid PRIMARY KEY DEFAULT uuidv7(),
        doc_type   text NOT NULL CHECK (doc_type IN ('resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit')),
        digest     text NOT NULL UNIQUE CHECK (length(digest) = 64 AND digest !~ '[^0-9a-f]'),
        key_id     text,
        id_enc     text NOT NULL CHECK (id_enc LIKE 'v2:%' OR (key_id IS NULL AND id_enc LIKE 'v1:%')),
        id_masked  text NOT NULL,
        name       text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE enterprises.person_roles (
        id            uuid PRIMARY KEY DEFAULT uuidv7(),
        enterprise_id uuid NOT NULL REFERENCES enterprises.enterprises(id),
        person_id     uuid NOT NULL REFERENCES enterprises.persons(id),
        role          text NOT NULL CHECK (role IN ('legal_representative', 'director', 'supervisor', 'senior_manager', 'principal')),
        valid_from    date NOT NULL,
        valid_to      date CHECK (valid_to >= valid_from),
        version       integer NOT NULL DEFAULT 1,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_roles_one_legal_rep EXCLUDE USING gist (enterprise_id WITH =, daterange(valid_from, valid_to) WITH &&)
          WHERE (role = 'legal_representative'),
        -- partial, like the one above: the check's read (officers_on, no role condition) can use neither GiST index
        -- and takes the btree below (test/reliability/check-plans.spec.ts caught the planner on a full GiST index).
        CONSTRAINT person_roles_no_repeat EXCLUDE USING gist (enterprise_id WITH =, person_id WITH =, role WITH =, daterange(valid_from, valid_to) WITH &&)
          WHERE (role <> 'legal_representative')
      )`);
    // The enterprise check joins roles by enterprise and date; the person page by person (btree point reads).
    await q.query(`CREATE INDEX person_roles_by_enterprise ON enterprises.person_roles (enterprise_id, valid_from) INCLUDE (person_id, role, valid_to)`);
    await q.query(`CREATE INDEX person_roles_by_person ON enterprises.person_roles (person_id)`);
    await q.query(`
      CREATE TABLE enterprises.person_role_versions (
        role_id     uuid NOT NULL,
        version     integer NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        change      text NOT NULL,
        reason      text,
        actor_id    text NOT NULL,
        data        jsonb NOT NULL,
        PRIMARY KEY (role_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION enterprises.person_role_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ctx jsonb := coalesce(nullif(current_setting('qcr.change', true), '')::jsonb, '{}'::jsonb);
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          NEW.version := OLD.version + 1;
        END IF;
        INSERT INTO enterprises.person_role_versions (role_id, version, change, reason, actor_id, data)
        VALUES (NEW.id, NEW.version, coalesce(ctx->>'change', lower(TG_OP)), ctx->>'reason', coalesce(ctx->>'actorId', session_user::text), to_jsonb(NEW));
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER person_roles_versions BEFORE INSERT OR UPDATE ON enterprises.person_roles
      FOR EACH ROW EXECUTE FUNCTION enterprises.person_role_versions()`);
    await q.query(`
      CREATE FUNCTION enterprises.person_roles_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'roles are never deleted: end them (valid_to) instead' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER person_roles_no_delete BEFORE DELETE ON enterprises.person_roles
      FOR EACH STATEMENT EXECUTE FUNCTION enterprises.person_roles_no_delete()`);

    // The published read (docs/contracts.md): who held which role in an enterprise on a date. Inlinable SQL.
    await q.query(`
      CREATE FUNCTION enterprises.officers_on(p_enterprise uuid, p_as_of date)
      RETURNS TABLE (person_id uuid, role text, valid_from date)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT r.person_id, r.role, r.valid_from FROM enterprises.person_roles r
         WHERE r.enterprise_id = p_enterprise AND r.valid_from <= p_as_of AND (r.valid_to IS NULL OR p_as_of < r.valid_to)
      $$`);

    // Set-based legal-representative sync used by the registrar (one row) and the import (every row it wrote):
    // a person per digest, the previous legal representative's role ended at the change date, the new one opened.
    await q.query(`
      CREATE FUNCTION enterprises.link_legal_reps(p_enterprise uuid[], p_doc_type text[], p_digest text[], p_key_id text[],
                                                  p_enc text[], p_masked text[], p_name text[], p_from date[])
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        CREATE TEMP TABLE IF NOT EXISTS pg_temp.legal_rep_links (enterprise_id uuid, doc_type text, digest text, key_id text,
          id_enc text, id_masked text, name text, valid_from date) ON COMMIT DROP;
        TRUNCATE pg_temp.legal_rep_links;
        INSERT INTO pg_temp.legal_rep_links
        SELECT * FROM unnest(p_enterprise, p_doc_type, p_digest, p_key_id, p_enc, p_masked, p_name, p_from);
        INSERT INTO enterprises.persons (doc_type, digest, key_id, id_enc, id_masked, name)
        SELECT DISTINCT ON (x.digest) x.doc_type, x.digest, x.key_id, x.id_enc, x.id_masked, x.name
          FROM pg_temp.legal_rep_links x WHERE x.digest IS NOT NULL AND x.id_enc IS NOT NULL
         ORDER BY x.digest
        ON CONFLICT (digest) DO NOTHING;
        UPDATE enterprises.person_roles r SET valid_to = greatest(x.valid_from, r.valid_from)
          FROM pg_temp.legal_rep_links x LEFT JOIN enterprises.persons p ON p.digest = x.digest
         WHERE r.enterprise_id = x.enterprise_id AND r.role = 'legal_representative' AND r.valid_to IS NULL
           AND r.person_id IS DISTINCT FROM p.id;
        INSERT INTO enterprises.person_roles (enterprise_id, person_id, role, valid_from)
        SELECT x.enterprise_id, p.id, 'legal_representative', x.valid_from
          FROM pg_temp.legal_rep_links x JOIN enterprises.persons p ON p.digest = x.digest
         WHERE NOT EXISTS (SELECT 1 FROM enterprises.person_roles r WHERE r.enterprise_id = x.enterprise_id
                             AND r.role = 'legal_representative' AND r.valid_to IS NULL AND r.person_id = p.id);
      END $$`);

    // Existing records: the current legal representative, since the earliest version naming the same digest.
    await q.query(`SELECT set_config('qcr.change', '{"change":"migrated","actorId":"migration"}', true)`);
    await q.query(`
      SELECT enterprises.link_legal_reps(array_agg(e.id), array_agg('resident_id'::text), array_agg(e.legal_rep_id_hash),
               array_agg(substring(e.legal_rep_id_enc from '^v2:([A-Za-z0-9_-]+):')), array_agg(e.legal_rep_id_enc),
               array_agg(e.legal_rep_id_masked), array_agg(e.legal_rep_name),
               array_agg(coalesce((SELECT min(v.effective_on) FROM enterprises.enterprise_versions v
                                    WHERE v.enterprise_id = e.id AND v.data->>'legal_rep_id_hash' = e.legal_rep_id_hash), e.effective_on)))
        FROM enterprises.enterprises e
       WHERE e.legal_rep_id_hash IS NOT NULL AND e.legal_rep_id_enc IS NOT NULL
      HAVING count(*) > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enterprises.link_legal_reps(uuid[], text[], text[], text[], text[], text[], text[], date[])`);
    await q.query(`DROP FUNCTION enterprises.officers_on(uuid, date)`);
    await q.query(`DROP TABLE enterprises.person_role_versions, enterprises.person_roles, enterprises.persons`);
    await q.query(`DROP FUNCTION enterprises.person_role_versions(), enterprises.person_roles_no_delete()`);
  }
}
