import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24, SAMR Order 44 art. 19: when the penalty a listing rests on is revoked, the listing is revoked and its
 * publication stopped within three working days. A revocation case per (listing, revoked credit record), due on the
 * third working day after it opened, in the deciding authority's queue; closed when the listing ends.
 * Working days come from `blacklist.calendar_days` (holidays on weekdays, 调休 weekend workdays); seeded with the
 * fixed-date 2026 holidays only — administrators load each year's State Council notice through the API.
 */
export class RevocationCases1765500002000 implements MigrationInterface {
  name = 'RevocationCases1765500002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE blacklist.calendar_days (
        day         date PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('holiday','workday')),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO blacklist.calendar_days (day, kind, name) VALUES
      ('2026-01-01', 'holiday', '元旦'), ('2026-05-01', 'holiday', '劳动节'),
      ('2026-10-01', 'holiday', '国庆节'), ('2026-10-02', 'holiday', '国庆节'), ('2026-10-05', 'holiday', '国庆节'),
      ('2026-10-06', 'holiday', '国庆节'), ('2026-10-07', 'holiday', '国庆节')`);
    await q.query(`
      CREATE TABLE blacklist.revocation_cases (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id        uuid NOT NULL REFERENCES blacklist.listings(id),
        credit_record_id  uuid NOT NULL,
        penalty_document_number text NOT NULL,
        authority_id      uuid,
        opened_on         date NOT NULL,
        due_on            date NOT NULL CHECK (due_on > opened_on),
        opened_by         text NOT NULL,
        opened_by_name    text NOT NULL,
        status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        closed_on         date,
        closed_reason     text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT revocation_cases_once UNIQUE (listing_id, credit_record_id),
        CONSTRAINT revocation_cases_closed_complete CHECK ((status = 'closed') = (closed_on IS NOT NULL AND closed_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX revocation_cases_open_idx ON blacklist.revocation_cases (authority_id, due_on) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blacklist.revocation_cases`);
    await q.query(`DROP TABLE blacklist.calendar_days`);
  }
}
