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
 * Restricting on `asOf` (a date, inclusive): decided, and asOf inside [start, end) where end is
 * the earlier of the removal date (repair, revocation) and the planned end (least() skips NULL). A listing past its planned
 * end is therefore ended on read, whether or not the expiry job has recorded it; a revoked listing
 * still answers "restricted" for dates before its revocation, as checks did at the time.
 */
export const ACTIVE_ON = (alias: string, asOfParam: string) => `
  ${alias}.start_date IS NOT NULL
  AND ${alias}.status IN ('listed','expired','repaired','revoked')
  AND ${alias}.start_date <= ${asOfParam}::date
  AND ${asOfParam}::date < greatest(${alias}.start_date, least(${alias}.ended_on, ${alias}.planned_end_date))`;

const SUMMARY_COLUMNS = `
  l.id, l.enterprise_id, l.list_type, t.name_zh, t.name_en, l.reason, l.legal_basis, l.decision_number,
  l.deciding_authority, to_char(l.start_date, 'YYYY-MM-DD') AS start_date,
  to_char(l.planned_end_date, 'YYYY-MM-DD') AS planned_end_date`;

interface SummaryRow {
  id: string;
  enterprise_id: string;
  list_type: string;
  name_zh: string;
  name_en: string;
  reason: string;
  legal_basis: string;
  decision_number: string;
  deciding_authority: string;
  start_date: string;
  planned_end_date: string;
}

function toSummary(r: SummaryRow): ListingSummary {
  return {
    id: r.id,
    listType: r.list_type,
    listTypeName: { zh: r.name_zh, en: r.name_en },
    reason: r.reason,
    legalBasis: r.legal_basis,
    decisionNumber: r.decision_number,
    decidingAuthority: r.deciding_authority,
    startDate: r.start_date,
    plannedEndDate: r.planned_end_date,
  };
}

/** The blacklist's read facade for grading and joint-measure checks. */
@Injectable()
export class BlacklistReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Listings restricting the enterprise on `asOf`; runs in the caller's transaction when `em` is given. */
  async activeListings(em: EntityManager | null, enterpriseId: string, asOf: string): Promise<ListingSummary[]> {
    const rows: SummaryRow[] = await (em ?? this.dataSource).query(
      `SELECT ${SUMMARY_COLUMNS}
         FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE l.enterprise_id = $1 AND ${ACTIVE_ON('l', '$2')}
        ORDER BY l.start_date, l.seq`,
      [enterpriseId, asOf],
    );
    return rows.map(toSummary);
  }

  /** One query for many enterprises; every requested id is a key (an empty array when not listed). */
  async activeListingsMany(enterpriseIds: string[], asOf: string): Promise<Map<string, ListingSummary[]>> {
    const result = new Map<string, ListingSummary[]>(enterpriseIds.map((id) => [id, []]));
    const ids = enterpriseIds.filter((id) => UUID.test(id)); // anything else cannot be listed
    if (ids.length === 0) return result;
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}
         FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE l.enterprise_id = ANY($1::uuid[]) AND ${ACTIVE_ON('l', '$2')}
        ORDER BY l.start_date, l.seq`,
      [ids, asOf],
    );
    for (const row of rows) result.get(row.enterprise_id)?.push(toSummary(row));
    return result;
  }
}
