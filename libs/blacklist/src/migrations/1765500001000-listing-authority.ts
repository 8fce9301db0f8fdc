import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24: a listing decision is made for an authority (the acting user's, not free text) and, where the setting for
 * the deciding authority's level says so (报经上一级同意, Order 44), waits for the upper level's consent before it is
 * published: status `awaiting_consent` holds the decision (number, authority, the authority to consent) with no start
 * date, so it neither restricts nor shows publicly (blacklist.in_force_on and the public index know only `listed`
 * and the ended statuses) and the one-active-listing exclusion does not see it until consent gives it its dates.
 * Existing decisions keep their free-text authority name; their `deciding_authority_id` stays NULL.
 */
export class ListingAuthority1765500001000 implements MigrationInterface {
  name = 'ListingAuthority1765500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.listings DROP CONSTRAINT listings_status_check`);
    await q.query(`ALTER TABLE blacklist.listings ADD CONSTRAINT listings_status_check
      CHECK (status IN ('proposed','notified','awaiting_consent','listed','dropped','expired','repaired','revoked'))`);
    await q.query(`ALTER TABLE blacklist.listings
      ADD COLUMN deciding_authority_id uuid,
      ADD COLUMN consent_authority_id  uuid,
      ADD COLUMN requested_start_date  date,
      ADD COLUMN consent_date          date,
      ADD COLUMN consented_by          text,
      ADD COLUMN consented_by_name     text,
      ADD COLUMN consented_at          timestamptz,
      ADD CONSTRAINT listings_consent_pending_complete CHECK (status <> 'awaiting_consent'
        OR (decision_number IS NOT NULL AND deciding_authority_id IS NOT NULL AND consent_authority_id IS NOT NULL AND start_date IS NULL)),
      ADD CONSTRAINT listings_consent_complete CHECK ((consent_date IS NULL) = (consented_by IS NULL)),
      ADD CONSTRAINT listings_consent_four_eyes CHECK (consented_by IS NULL OR (consented_by <> decided_by AND consented_by <> proposed_by))`);
    await q.query(`CREATE INDEX listings_awaiting_consent_idx ON blacklist.listings (consent_authority_id, seq) WHERE status = 'awaiting_consent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX blacklist.listings_awaiting_consent_idx`);
    await q.query(`ALTER TABLE blacklist.listings DROP CONSTRAINT listings_consent_pending_complete, DROP CONSTRAINT listings_consent_complete,
      DROP CONSTRAINT listings_consent_four_eyes, DROP COLUMN deciding_authority_id, DROP COLUMN consent_authority_id,
      DROP COLUMN requested_start_date, DROP COLUMN consent_date, DROP COLUMN consented_by, DROP COLUMN consented_by_name, DROP COLUMN consented_at`);
    await q.query(`ALTER TABLE blacklist.listings DROP CONSTRAINT listings_status_check`);
    await q.query(`ALTER TABLE blacklist.listings ADD CONSTRAINT listings_status_check
      CHECK (status IN ('proposed','notified','listed','dropped','expired','repaired','revoked'))`);
  }
}
