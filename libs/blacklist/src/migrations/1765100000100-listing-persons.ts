import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, DOMAIN.md §7: "restrictions on holding office follow the person". A listing names the persons
 * responsible at decision time (the legal representative, plus any the decision names); the restriction on each
 * runs exactly as the listing does (blacklist.in_force_on: start to the earlier of removal and planned end; a
 * revocation from its date). `blacklist.person_listings_on` is the published read, inlinable like listings_on.
 *
 * Existing listings: their recorded legal representative (legal_rep_id_hash) is matched to the person with that
 * digest (enterprises.persons, created from the same enterprise rows by Persons1765100000000).
 */
export class ListingPersons1765100000100 implements MigrationInterface {
  name = 'ListingPersons1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE blacklist.listing_persons (
        listing_id  uuid NOT NULL REFERENCES blacklist.listings(id),
        person_id   uuid NOT NULL REFERENCES enterprises.persons(id),
        role        text NOT NULL CHECK (role IN ('legal_representative', 'director', 'supervisor', 'senior_manager', 'principal')),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, person_id)
      )`);
    await q.query(`CREATE INDEX listing_persons_by_person ON blacklist.listing_persons (person_id)`);
    await q.query(`
      CREATE FUNCTION blacklist.person_listings_on(p_person uuid, p_as_of date)
      RETURNS TABLE (id uuid, enterprise_id uuid, role text, summary json, start_date date, seq bigint)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        -- published fields of the listing and the listed enterprise, never personal data
        SELECT l.id, l.enterprise_id, lp.role,
               json_build_object('id', l.id, 'listType', l.list_type, 'listTypeName', json_build_object('zh', t.name_zh, 'en', t.name_en),
                 'legalBasis', l.legal_basis, 'decisionNumber', l.decision_number, 'decidingAuthority', l.deciding_authority,
                 'startDate', l.start_date, 'plannedEndDate', l.planned_end_date, 'role', lp.role,
                 'enterprise', json_build_object('name', l.enterprise_name, 'uscc', l.enterprise_uscc, 'orgCode', l.enterprise_org_code)),
               l.start_date, l.seq
          FROM blacklist.listing_persons lp
          JOIN blacklist.listings l ON l.id = lp.listing_id
          JOIN blacklist.list_types t ON t.code = l.list_type
         WHERE lp.person_id = p_person AND l.start_date <= p_as_of
           AND blacklist.in_force_on(l.status, l.start_date, l.ended_on, l.planned_end_date, p_as_of)
      $$`);
    await q.query(`
      INSERT INTO blacklist.listing_persons (listing_id, person_id, role)
      SELECT l.id, p.id, 'legal_representative'
        FROM blacklist.listings l JOIN enterprises.persons p ON p.digest = l.legal_rep_id_hash
       WHERE l.status IN ('listed', 'expired', 'repaired', 'revoked')
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION blacklist.person_listings_on(uuid, date)`);
    await q.query(`DROP TABLE blacklist.listing_persons`);
  }
}
