import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type IsoDate, PreparedStatement } from '#qcr/platform';
import type { DataSource } from 'typeorm';

/** A listing naming the person, in force on the date: published fields of the listing and the listed enterprise. */
export interface PersonListing {
  id: string;
  listType: string;
  listTypeName: { zh: string; en: string };
  legalBasis: string;
  decisionNumber: string;
  decidingAuthority: string;
  startDate: string;
  plannedEndDate: string;
  /** the person's role in the listed enterprise, as the listing recorded it */
  role: string;
  enterprise: { name: string; uscc: string | null; orgCode: string };
}

interface Row {
  digest: string;
  person_id: string;
  listings: PersonListing[];
}

/*
 * One statement, one round trip, over what the contexts publish (docs/contracts.md): the person by keyed digest
 * (unique btree on enterprises.persons.digest) and blacklist.person_listings_on(person, date) (btree
 * listing_persons_by_person, then the listing by primary key). The digests are those of every key in the ring.
 */
const PERSONS = new PreparedStatement<Row>(
  'checks_person_facts',
  `SELECT p.digest, p.id AS person_id,
          coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.person_listings_on(p.id, $2::date) l), '[]') AS listings
     FROM enterprises.persons p WHERE p.digest = ANY($1::text[])`,
);

/*
 * The single check looks up one digest by equality: measured on the test database, the `= ANY($1)` form was
 * re-planned on every call (PostgreSQL kept choosing a custom plan, 3–5 ms a call against 0.4 ms for its
 * generic plan), while `= $1` settles on a cheap plan (1.0–1.6 ms a call, as the enterprise check's statement).
 */
const PERSON_ONE = new PreparedStatement<Row>(
  'checks_person_facts_one',
  `SELECT p.digest, p.id AS person_id,
          coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.person_listings_on(p.id, $2::date) l), '[]') AS listings
     FROM enterprises.persons p WHERE p.digest = $1::text`,
);

@Injectable()
export class PersonReads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The person under the first of `digests` (one per key of the ring, current first) that a person carries: one
   * statement with a single key, the usual case; a rotation in progress may take one more per older key.
   */
  async one(digests: string[], asOf: IsoDate): Promise<{ personId: string; listings: PersonListing[] } | null> {
    for (const digest of digests) {
      const [r] = await PERSON_ONE.rows(this.db, [digest, asOf]);
      if (r) return { personId: r.person_id, listings: r.listings };
    }
    return null;
  }

  /** Keyed by digest; digests no person carries are absent (the batch: one statement for all). */
  async byDigests(digests: string[], asOf: IsoDate): Promise<Map<string, { personId: string; listings: PersonListing[] }>> {
    const result = new Map<string, { personId: string; listings: PersonListing[] }>();
    if (digests.length === 0) return result;
    for (const r of await PERSONS.rows(this.db, [digests, asOf])) result.set(r.digest, { personId: r.person_id, listings: r.listings });
    return result;
  }
}
