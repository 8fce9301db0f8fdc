import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Access1763700001000 implements MigrationInterface {
  name = 'Access1763700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS access`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE access.users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,63}$'),
        display_name  text NOT NULL,
        password_hash text NOT NULL,
        roles         text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['registrar','grader','officer','reviewer','auditor','admin']),
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE access.agencies (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
        name        text NOT NULL,
        department  text NOT NULL,
        purposes    text[] NOT NULL DEFAULT '{}',
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE access.api_keys (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id   uuid NOT NULL REFERENCES access.agencies(id),
        prefix      text NOT NULL UNIQUE,
        key_hash    text NOT NULL,
        label       text NOT NULL,
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text NOT NULL
      )`);
    await q.query(`CREATE INDEX api_keys_agency_idx ON access.api_keys (agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA access CASCADE`);
  }
}
