import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a listing follows the legal representative by a keyed digest (HMAC, key id in legal_rep_key_id) and
 * names where it took them from (legal_rep_version: the enterprise version), so the digest can be recomputed
 * under a new key and the audit log can keep a reference instead of a digest.
 * Existing listings hold the unkeyed SHA-256 of that time; the version it came from is found by that same
 * digest in the enterprise's history (both are still unkeyed when this runs). The application re-digests them
 * at start-up (ListingPersonalData); one whose version cannot be found loses the digest (an unkeyed digest of a
 * person is not kept).
 */
export class ListingLegalRepRef1764300000100 implements MigrationInterface {
  name = 'ListingLegalRepRef1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.listings ADD COLUMN legal_rep_version integer, ADD COLUMN legal_rep_key_id text`);
    await q.query(`
      UPDATE blacklist.listings l SET legal_rep_version = (
        SELECT max(v.version) FROM enterprises.enterprise_versions v
         WHERE v.enterprise_id = l.enterprise_id AND v.data->>'legal_rep_id_hash' = l.legal_rep_id_hash)
       WHERE l.legal_rep_id_hash IS NOT NULL`);
    await q.query(`UPDATE blacklist.listings SET legal_rep_id_hash = NULL WHERE legal_rep_id_hash IS NOT NULL AND legal_rep_version IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blacklist.listings DROP COLUMN legal_rep_version, DROP COLUMN legal_rep_key_id`);
  }
}
