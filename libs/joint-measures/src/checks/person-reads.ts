import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type IsoDate, PreparedStatement } from '#qcr/platform';
import { TurnBatch } from './turn-batch.js';
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
 *
 * The batch and the coalesced single checks (several digests) join an `unnest` of the digests to the unique btree,
 * as the enterprise check's batch does: the `= ANY($1)` form was re-planned on every call (PostgreSQL kept a custom
 * plan, 3–5 ms a call), while the join keeps its generic plan.
 */
const PERSONS = new PreparedStatement<Row>(
  'checks_person_facts_many',
  `SELECT p.digest, p.id AS person_id,
          coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.person_listings_on(p.id, $2::date) l), '[]') AS listings
     FROM unnest($1::text[]) AS d(digest)
     JOIN enterprises.persons p ON p.digest = d.digest`,
);

/* One digest by equality: a generic plan over the unique btree, as the enterprise check's one-code statement. */
const PERSON_ONE = new PreparedStatement<Row>(
  'checks_person_facts_one',
  `SELECT p.digest, p.id AS person_id,
          coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.person_listings_on(p.id, $2::date) l), '[]') AS listings
     FROM enterprises.persons p WHERE p.digest = $1::text`,
);

type Found = { personId: string; listings: PersonListing[] };

@Injectable()
export class PersonReads {
  /** single person checks of one event-loop turn share one statement (TurnBatch; never a read older than the request) */
  private readonly turn = new TurnBatch<IsoDate, string, Found>((digests, asOf) =>
    digests.length === 1 ? this.byDigest(digests[0]!, asOf) : this.byDigests(digests, asOf),
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The person under the first of `digests` (one per key of the ring, current first) that a person carries. All the
   * ring's digests go into the turn's statement, so a rotation in progress costs no extra round trip.
   */
  async one(digests: string[], asOf: IsoDate): Promise<Found | null> {
    const found = await this.turn.add(asOf, asOf, digests);
    for (const digest of digests) {
      const person = found.get(digest);
      if (person) return person;
    }
    return null;
  }

  /** Keyed by digest; digests no person carries are absent (the batch: one statement for all). */
  async byDigests(digests: string[], asOf: IsoDate): Promise<Map<string, Found>> {
    const result = new Map<string, Found>();
    if (digests.length === 0) return result;
    for (const r of await PERSONS.rows(this.db, [digests, asOf])) result.set(r.digest, { personId: r.person_id, listings: r.listings });
    return result;
  }

  private async byDigest(digest: string, asOf: IsoDate): Promise<Map<string, Found>> {
    const [r] = await PERSON_ONE.rows(this.db, [digest, asOf]);
    return r ? new Map([[digest, { personId: r.person_id, listings: r.listings }]]) : new Map();
  }
}
