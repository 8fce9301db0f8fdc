import type { MigrationInterface, QueryRunner } from 'typeorm';

const purposes = `'government_procurement','public_bidding','financing','insurance_guarantee','honours','subsidies','licensing','state_land','office_holding'`;
const grades = `'AAA','AA','A','B','C','D'`;

export class Measures1763700007000 implements MigrationInterface {
  name = 'Measures1763700007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS measures`);
    // 联合奖惩备忘录: the measure catalogue. Measures are retired (active = false), never deleted,
    // so an old receipt's measure codes always resolve.
    await q.query(`
      CREATE TABLE measures.catalogue (
        code          text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_-]{2,63}$'),
        department    text NOT NULL CHECK (length(department) BETWEEN 1 AND 200),
        purpose       text NOT NULL CHECK (purpose IN (${purposes})),
        trigger       text NOT NULL CHECK (trigger IN ('listed','grade_at_most','grade_at_least')),
        trigger_grade text CHECK (trigger_grade IN (${grades})),
        kind          text NOT NULL CHECK (kind IN ('restriction','incentive')),
        legal_basis   text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 2000),
        text_zh       text NOT NULL,
        text_en       text NOT NULL,
        active        boolean NOT NULL DEFAULT true,
        version       integer NOT NULL DEFAULT 1,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT catalogue_trigger_grade CHECK ((trigger = 'listed') = (trigger_grade IS NULL))
      )`);
    await q.query(`CREATE INDEX catalogue_purpose_idx ON measures.catalogue (purpose) WHERE active`);

    // The check log (核查日志): one row per answered check, written in batches. The receipt id is
    // generated in-process (UUIDv7, time-ordered, so inserts append to the index).
    // No FKs into other schemas: this is a record of what was answered, kept even if the
    // enterprise or agency record changes later.
    await q.query(`
      CREATE TABLE measures.checks (
        receipt_id    uuid PRIMARY KEY,
        checked_at    timestamptz NOT NULL,
        actor_kind    text NOT NULL,
        actor_id      text NOT NULL,
        actor_name    text NOT NULL,
        agency_id     uuid,
        request_id    text,
        batch_id      uuid,
        purpose       text NOT NULL,
        as_of         date NOT NULL,
        input_code    text NOT NULL,
        enterprise_id uuid,
        verdict       text NOT NULL CHECK (verdict IN ('restricted','priority','clear','not_registered')),
        answer        jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX checks_agency_purpose_idx ON measures.checks (agency_id, purpose, checked_at)`);
    await q.query(`CREATE INDEX checks_enterprise_idx ON measures.checks (enterprise_id, checked_at)`);

    // 反馈: what the agency did with the answer. One per receipt.
    await q.query(`
      CREATE TABLE measures.feedback (
        receipt_id    uuid PRIMARY KEY REFERENCES measures.checks(receipt_id),
        outcome       text NOT NULL CHECK (outcome IN ('applied','not_applied')),
        measure_code  text REFERENCES measures.catalogue(code),
        reason        text,
        note          text,
        given_at      timestamptz NOT NULL DEFAULT now(),
        actor_kind    text NOT NULL,
        actor_id      text NOT NULL,
        actor_name    text NOT NULL,
        agency_id     uuid,
        CONSTRAINT feedback_outcome_detail CHECK (
          (outcome = 'applied' AND measure_code IS NOT NULL) OR (outcome = 'not_applied' AND reason IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA measures CASCADE`);
  }
}
