import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** What others may know about a listing: the published fields only, never personal data. */
export interface ListingSummary {
  id: string;
  listType: string;
  listTypeName: { zh: string; en: string };
  reason: string;
  legalBasis: string;
  decisionNumber: string;
  decidingAuthority: string;
  startDate: string;
  plannedEndDate: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const LISTING_CHANGED = 'blacklist.listing-changed';

/** Published on every listing transition, inside the writing transaction. */
export interface ListingChangedEvent {
  type: typeof LISTING_CHANGED;
  enterpriseId: string;
  listingId: string;
  status: string;
  [key: string]: unknown;
}

/**
 * The rule itself is the SQL function blacklist.in_force_until (migration 1765700000000), written once; in_force_on,
 * status_on, listings_on and the statistics views are all written over it. The explicit `start_date <=` lets a btree
 * on start_date serve the read.
 * Restricting on `asOf` (a date, inclusive): decided, and asOf inside [start, end) where end is
 * the earlier of the removal date (repair, revocation) and the planned end (least() skips NULL). A listing past its planned
 * end is therefore ended on read, whether or not the expiry job has recorded it; a revoked listing
 * still answers "restricted" for dates before its revocation, as checks did at the time.
 */
export const ACTIVE_ON = (alias: string, asOfParam: string) => `
  ${alias}.start_date <= ${asOfParam}::date
  AND blacklist.in_force_on(${alias}.status, ${alias}.start_date, ${alias}.ended_on, ${alias}.planned_end_date, ${asOfParam}::date)`;

/** The status as read on `asOfParam`: `listed` past its end of force reads `expired` (blacklist.status_on). */
export const STATUS_ON = (alias: string, asOfParam: string) =>
  `blacklist.status_on(${alias}.status, ${alias}.start_date, ${alias}.ended_on, ${alias}.planned_end_date, ${asOfParam}::date)`;

/** The blacklist's read facade for grading and joint-measure checks. */
@Injectable()
export class BlacklistReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Listings restricting the enterprise on `asOf`; runs in the caller's transaction when `em` is given. Index: listings_on_date. */
  /** activeListings as one JSON-array subquery of summaries, for grading's single read of an enterprise's inputs (issue 21). */
  static activeListingsJsonSql(enterpriseId: string, asOf: string): string {
    return `(SELECT coalesce(json_agg(l.summary ORDER BY l.start_date, l.seq), '[]'::json) FROM blacklist.listings_on(${enterpriseId}, ${asOf}::date) l)`;
  }

  async activeListings(em: EntityManager | null, enterpriseId: string, asOf: string): Promise<ListingSummary[]> {
    const rows: { summary: ListingSummary }[] = await (em ?? this.dataSource).query(
      `SELECT l.summary FROM blacklist.listings_on($1, $2::date) l ORDER BY l.start_date, l.seq`,
      [enterpriseId, asOf],
    );
    return rows.map((r) => r.summary);
  }

  /** One query for many enterprises (one listings_on_date probe each); every requested id is a key (an empty array when not listed). */
  /** `em`: a connection of the caller's (a regrade reads on its own bulk connection). */
  async activeListingsMany(enterpriseIds: string[], asOf: string, em?: EntityManager): Promise<Map<string, ListingSummary[]>> {
    const result = new Map<string, ListingSummary[]>(enterpriseIds.map((id) => [id, []]));
    const ids = enterpriseIds.filter((id) => UUID.test(id)); // anything else cannot be listed
    if (ids.length === 0) return result;
    const rows: { enterprise_id: string; summary: ListingSummary }[] = await (em ?? this.dataSource).query(
      `SELECT i.id AS enterprise_id, l.summary
         FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL blacklist.listings_on(i.id, $2::date) l
        ORDER BY l.start_date, l.seq`,
      [ids, asOf],
    );
    for (const row of rows) result.get(row.enterprise_id)?.push(row.summary);
    return result;
  }

  /**
   * Every date on which a listing of the enterprise may start or stop restricting it (start, planned end, actual end),
   * for a grade-history rebuild that walks the dates where anything changed (issue 15). Sorted, distinct.
   */
  async listingDates(em: EntityManager | null, enterpriseId: string): Promise<string[]> {
    const rows: { d: string }[] = await (em ?? this.dataSource).query(
      `SELECT DISTINCT d::text AS d FROM blacklist.listings l, unnest(ARRAY[l.start_date, l.planned_end_date, l.ended_on]) AS d
        WHERE l.enterprise_id = $1 AND d IS NOT NULL ORDER BY 1`,
      [enterpriseId],
    );
    return rows.map((r) => r.d);
  }

  /**
   * The dates after `today` of listings that have not started yet (their start and planned end): what future grade
   * rows are written from when a regrade is dated today (grading future-grades.ts). A listing already in force
   * changes no future row the daily jobs would not write on its date. One JSON-array subquery (ascending YYYY-MM-DD)
   * over SQL expressions for the enterprise and today, folded into grading's single read of a regrade's inputs
   * (issue 21: it was a round trip of its own).
   */
  static futureStartDatesJsonSql(enterpriseId: string, today: string): string {
    return `(SELECT coalesce(json_agg(f.d ORDER BY f.d), '[]'::json) FROM (SELECT DISTINCT d::text AS d
       FROM blacklist.listings l, unnest(ARRAY[l.start_date, l.planned_end_date]) AS d
      WHERE l.enterprise_id = ${enterpriseId} AND l.status = 'listed' AND l.start_date > ${today}::date) AS f)`;
  }
}
