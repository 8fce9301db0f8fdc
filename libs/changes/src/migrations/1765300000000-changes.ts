import type { Measure } from '#qcr/joint-measures';
import { queryRows, todayInChina } from '#qcr/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { verdictCombos, verdictTable } from '../outbox/answer.js';
import { BACKFILL } from '../outbox/answers.sql.js';

/**
 * The change feed (issue 20), schema `changes`:
 * - `answers`: what a check answers today per enterprise (grade, listing in force, status, name, verdict per purpose)
 *   as last recorded — the "before" of the next diff. Backfilled here for every existing record, so the first change
 *   after the upgrade is diffed against the truth, not against "not registered".
 * - `events`: the outbox; `cursor` is the feed's resumable position (bigserial, taken under the outbox lock).
 * - `horizon`: the newest cursor purged by retention; `since` below it is 410 (the partner missed events).
 */
export class Changes1765300000000 implements MigrationInterface {
  name = 'Changes1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS changes`);
    await q.query(`
      CREATE TABLE changes.answers (
        enterprise_id uuid PRIMARY KEY REFERENCES enterprises.enterprises(id),
        name text NOT NULL,
        status text NOT NULL,
        grade text,
        listed boolean NOT NULL,
        verdicts jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE changes.events (
        cursor bigserial PRIMARY KEY,
        enterprise_id uuid NOT NULL REFERENCES enterprises.enterprises(id),
        uscc text,
        org_code text NOT NULL,
        cause text NOT NULL CHECK (cause IN ('listing', 'grade', 'enterprise', 'catalogue')),
        effective_on date NOT NULL,
        purposes text[] NOT NULL,
        verdicts jsonb NOT NULL,
        before jsonb,
        after jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX events_recorded_at ON changes.events (recorded_at)`);
    await q.query(`CREATE INDEX events_enterprise ON changes.events (enterprise_id, cursor)`);
    await q.query(`
      CREATE TABLE changes.horizon (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        purged_through bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO changes.horizon DEFAULT VALUES`);
    // Existing rows: today's answer of every record, from the catalogue as it stands (the seed on start diffs again).
    const catalogue = await queryRows<Measure>(
      q,
      `SELECT code, purpose, trigger, trigger_grade AS "triggerGrade", kind, active FROM measures.catalogue WHERE active`,
    );
    const combos = verdictCombos(verdictTable(catalogue));
    await q.query(BACKFILL, [JSON.stringify(combos), todayInChina()]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA changes CASCADE`);
  }
}
