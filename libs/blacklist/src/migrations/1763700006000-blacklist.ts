import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quality-dishonesty blacklist (DOMAIN.md §7, after SAMR Order No. 44, 2021).
 *
 * The one-active-listing rule is an exclusion constraint over the validity period
 * [start, end) where end is the removal date or, failing that, the planned end:
 * two decisions for the same enterprise and list can never both commit.
 */
export class Blacklist1763700006000 implements MigrationInterface {
  name = 'Blacklist1763700006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS blacklist`);

    // Reference data an administrator may change without a code change.
    await q.query(`
      CREATE TABLE blacklist.list_types (
        code                 text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{2,63}$'),
        name_zh              text NOT NULL,
        name_en              text NOT NULL,
        legal_basis          text NOT NULL,
        duration_years       int  NOT NULL CHECK (duration_years BETWEEN 1 AND 10),
        statement_days       int  NOT NULL CHECK (statement_days BETWEEN 1 AND 90),
        repair_min_years     int  NOT NULL CHECK (repair_min_years >= 0),
        active               boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      INSERT INTO blacklist.list_types (code, name_zh, name_en, legal_basis, duration_years, statement_days, repair_min_years) VALUES
        ('quality_serious_dishonesty', '质量严重违法失信名单', 'Serious quality dishonesty list',
         '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）', 3, 10, 1),
        ('product_quality_safety', '产品质量安全严重违法失信名单', 'Product quality safety serious dishonesty list',
         '《市场监督管理严重违法失信名单管理办法》第三条、第六条', 3, 10, 1)
      ON CONFLICT (code) DO NOTHING`);

    await q.query(`
      CREATE TABLE blacklist.listings (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq                      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        enterprise_id            uuid NOT NULL REFERENCES enterprises.enterprises(id),
        enterprise_name          text NOT NULL,
        enterprise_uscc          text,
        enterprise_org_code      text NOT NULL,
        list_type                text NOT NULL REFERENCES blacklist.list_types(code),
        status                   text NOT NULL CHECK (status IN ('proposed','notified','listed','dropped','expired','repaired','revoked')),
        reason                   text NOT NULL,
        legal_basis              text NOT NULL,
        penalty_document_number  text NOT NULL,
        penalty_decided_on       date NOT NULL,
        penalty_authority        text NOT NULL,
        penalty_on_record        boolean NOT NULL DEFAULT false,
        legal_rep_name           text,
        legal_rep_id_hash        text,
        proposed_by              text NOT NULL,
        proposed_by_name         text NOT NULL,
        proposed_at              timestamptz NOT NULL DEFAULT now(),
        notice_date              date,
        statement_deadline       date,
        notified_by              text,
        notified_at              timestamptz,
        statement_waived         boolean NOT NULL DEFAULT false,
        decision_number          text,
        deciding_authority       text,
        start_date               date,
        planned_end_date         date,
        decided_by               text,
        decided_by_name          text,
        decided_at               timestamptz,
        drop_reason              text,
        dropped_by               text,
        dropped_at               timestamptz,
        ended_on                 date,
        end_kind                 text CHECK (end_kind IN ('expiry','repair','revocation')),
        end_reason               text,
        ended_by                 text,
        ended_at                 timestamptz,
        updated_at               timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listings_notice_complete CHECK (
          status IN ('proposed') OR status = 'dropped' OR (notice_date IS NOT NULL AND statement_deadline IS NOT NULL)),
        CONSTRAINT listings_decision_complete CHECK (
          status NOT IN ('listed','expired','repaired','revoked')
          OR (decision_number IS NOT NULL AND deciding_authority IS NOT NULL AND start_date IS NOT NULL
              AND planned_end_date > start_date AND decided_by IS NOT NULL)),
        CONSTRAINT listings_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
        CONSTRAINT listings_removal_complete CHECK (
          (status IN ('expired','repaired','revoked')) = (ended_on IS NOT NULL AND end_kind IS NOT NULL)),
        CONSTRAINT listings_drop_complete CHECK ((status = 'dropped') = (drop_reason IS NOT NULL)),
        CONSTRAINT listings_one_active_per_list EXCLUDE USING gist (
          enterprise_id WITH =,
          list_type WITH =,
          daterange(start_date, greatest(start_date, least(ended_on, planned_end_date)), '[)') WITH &&
        ) WHERE (start_date IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX listings_enterprise_idx ON blacklist.listings (enterprise_id, seq)`);
    await q.query(`CREATE INDEX listings_status_idx ON blacklist.listings (status, seq)`);
    await q.query(`CREATE INDEX listings_public_idx ON blacklist.listings (start_date DESC, seq DESC) WHERE status = 'listed'`);

    // 陈述、申辩、听证: what the enterprise answered during the notice period.
    await q.query(`
      CREATE TABLE blacklist.statements (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id        uuid NOT NULL REFERENCES blacklist.listings(id),
        kind              text NOT NULL CHECK (kind IN ('statement','hearing_request','waiver')),
        received_on       date NOT NULL,
        summary           text NOT NULL,
        recorded_by       text NOT NULL,
        recorded_by_name  text NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX statements_listing_idx ON blacklist.statements (listing_id, recorded_at)`);

    // 信用修复: an application for early removal, filed by a handler and decided by someone else.
    await q.query(`
      CREATE TABLE blacklist.repair_applications (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id           uuid NOT NULL REFERENCES blacklist.listings(id),
        status               text NOT NULL CHECK (status IN ('pending','approved','refused')),
        applied_on           date NOT NULL,
        penalties_fulfilled  boolean NOT NULL,
        harm_remedied        boolean NOT NULL,
        pledge_filed         boolean NOT NULL,
        pledge_reference     text,
        statement            text NOT NULL,
        eligibility          jsonb NOT NULL,
        handled_by           text NOT NULL,
        handled_by_name      text NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        decided_by           text,
        decided_by_name      text,
        decided_at           timestamptz,
        refusal_reason       text,
        CONSTRAINT repair_four_eyes CHECK (decided_by IS NULL OR decided_by <> handled_by),
        CONSTRAINT repair_refusal_reason CHECK ((status = 'refused') = (refusal_reason IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX repair_one_pending ON blacklist.repair_applications (listing_id) WHERE status = 'pending'`);

    // The listing's own history, readable by staff without audit rights.
    await q.query(`
      CREATE TABLE blacklist.listing_events (
        seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        listing_id   uuid NOT NULL REFERENCES blacklist.listings(id),
        at           timestamptz NOT NULL DEFAULT now(),
        action       text NOT NULL,
        from_status  text,
        to_status    text NOT NULL,
        actor_id     text NOT NULL,
        actor_name   text NOT NULL,
        details      jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX listing_events_listing_idx ON blacklist.listing_events (listing_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA blacklist CASCADE`);
  }
}
