import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readOnReplica } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import type { GRADE_KEYS } from './statistics.types.js';

export type GroupBy = 'region' | 'industry';
export type RegionLevel = 'province' | 'prefecture' | 'county';
export const INDUSTRY_LEVELS = ['section', 'division', 'group', 'class'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];

/** GB/T 2260: a division's province is its first 2 digits + 0000, its prefecture the first 4 + 00. */
const REGION_KEY: Record<RegionLevel, string> = {
  province: `left(e.region_code, 2) || '0000'`,
  prefecture: `left(e.region_code, 4) || '00'`,
  county: `e.region_code`,
};

/**
 * GB/T 4754: a code's section is its letter (C), its division the letter and two digits (C13), its group three
 * digits (C131), its class four (C1311). A code coarser than the level asked keeps its own (left() stops at its end).
 */
const INDUSTRY_KEY: Record<IndustryLevel, string> = {
  section: `left(e.industry_code, 1)`,
  division: `left(e.industry_code, 3)`,
  group: `left(e.industry_code, 4)`,
  class: `left(e.industry_code, 5)`,
};

export interface Grouping {
  by: GroupBy;
  level: RegionLevel;
  industryLevel?: IndustryLevel;
}

const groupKey = (g: Grouping) => (g.by === 'industry' ? INDUSTRY_KEY[g.industryLevel ?? 'section'] : REGION_KEY[g.level]);

/** Names for the group keys; a division code missing from the reference table keeps its code. */
const NAMED = (g: Grouping) =>
  g.by === 'industry'
    ? `LEFT JOIN statistics.industries n ON n.code = s.key`
    : `LEFT JOIN (SELECT code, name AS name_zh, name AS name_en FROM statistics.divisions) n ON n.code = s.key`;

export interface NamedRow {
  key: string;
  name_zh: string | null;
  name_en: string | null;
}

// Type aliases, not interfaces: the service spreads these rows into `Record<string, StatValue>` table rows.

/** Enterprises of one group by the grade in force. */
export type GradeDistributionRow = NamedRow & Record<(typeof GRADE_KEYS)[number], number> & { ungraded: number; total: number };

export type ListingCountsRow = NamedRow & { enterprises: number; listedEnterprises: number; activeListings: number; decided: number; ended: number };

/** Staff checks have no agency: agency_id, code, name and department are null. */
export type AgencyChecksRow = {
  agency_id: string | null;
  code: string | null;
  name: string | null;
  department: string | null;
  checks: number;
  restricted: number;
  priority: number;
  clear: number;
  notRegistered: number;
  feedback: number;
  applied: number;
};

export type MonthlyRow = {
  month: string;
  negativeRecords: number;
  positiveRecords: number;
  samplingPassed: number;
  samplingFailed: number;
  listingsDecided: number;
  listingsEnded: number;
  checks: number;
  feedback: number;
  gradedAaOrBetter: number;
  gradedCOrWorse: number;
};

/**
 * Aggregates over the read-only views in schema `statistics` (see the migration). Every query
 * returns integers as int (count(*)::int) so the JSON carries numbers, not strings.
 * They run on a streaming replica when DATABASE_READ_URLS is set (issue 22): a year's aggregate is the
 * heaviest read the registry answers and must not take the primary's time from decisions and checks.
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `fresh`: over the check log, flushed just before (the service), which the commit fence does not cover. */
  private read<R>(sql: string, params: unknown[], fresh = false): Promise<R> {
    return readOnReplica<R>(this.db, () => this.db.query(sql, params), { fresh });
  }

  /** Enterprises registered as 存续 (active) on the date's grade, by group. */
  gradeDistribution(g: Grouping, asOf: string): Promise<GradeDistributionRow[]> {
    return this.read(
      `WITH s AS (
         SELECT ${groupKey(g)} AS key, count(*)::int AS total,
                count(*) FILTER (WHERE gr.grade = 'AAA')::int AS "AAA", count(*) FILTER (WHERE gr.grade = 'AA')::int AS "AA",
                count(*) FILTER (WHERE gr.grade = 'A')::int AS "A",     count(*) FILTER (WHERE gr.grade = 'B')::int AS "B",
                count(*) FILTER (WHERE gr.grade = 'C')::int AS "C",     count(*) FILTER (WHERE gr.grade = 'D')::int AS "D",
                count(*) FILTER (WHERE gr.grade IS NULL)::int AS ungraded
           FROM statistics.enterprises e
           LEFT JOIN statistics.grades gr ON gr.enterprise_id = e.id AND daterange(gr.valid_from, gr.valid_to) @> $1::date
          WHERE e.status = 'active'
          GROUP BY 1)
       SELECT s.*, n.name_zh, n.name_en FROM s ${NAMED(g)} ORDER BY s.key`,
      [asOf],
    );
  }

  /** Listings in force on `asOf`, decided and ended within [from, to], by the listed enterprise's group. */
  listings(g: Grouping, asOf: string, from: string, to: string): Promise<ListingCountsRow[]> {
    return this.read(
      `WITH l AS (
         SELECT enterprise_id,
                count(*) FILTER (WHERE in_force_from <= $1::date AND $1::date < in_force_until)::int AS active,
                count(*) FILTER (WHERE decided_on BETWEEN $2::date AND $3::date)::int AS decided,
                count(*) FILTER (WHERE ended_on BETWEEN $2::date AND $3::date)::int AS ended
           FROM statistics.listings GROUP BY enterprise_id),
       s AS (
         SELECT ${groupKey(g)} AS key,
                count(*) FILTER (WHERE e.status = 'active')::int AS enterprises,
                count(*) FILTER (WHERE l.active > 0)::int AS "listedEnterprises",
                coalesce(sum(l.active), 0)::int AS "activeListings",
                coalesce(sum(l.decided), 0)::int AS decided,
                coalesce(sum(l.ended), 0)::int AS ended
           FROM statistics.enterprises e LEFT JOIN l ON l.enterprise_id = e.id
          GROUP BY 1)
       SELECT s.*, n.name_zh, n.name_en FROM s ${NAMED(g)} ORDER BY s.key`,
      [asOf, from, to],
    );
  }

  /** Supervision sampling results (监督抽查) occurring in [from, to]; revoked records never count. */
  sampling(g: Grouping | null, from: string, to: string): Promise<Array<NamedRow & { passed: number; failed: number }>> {
    const key = g ? groupKey(g) : `'all'`;
    return this.read(
      `WITH s AS (
         SELECT ${key} AS key,
                count(*) FILTER (WHERE r.category_code = 'sampling_passed')::int AS passed,
                count(*) FILTER (WHERE r.category_code = 'sampling_failed')::int AS failed
           FROM statistics.credit_records r JOIN statistics.enterprises e ON e.id = r.enterprise_id
          WHERE r.category_code IN ('sampling_passed', 'sampling_failed') AND r.status <> 'revoked'
            AND r.occurred_on BETWEEN $1::date AND $2::date
          GROUP BY 1)
       SELECT s.*, ${g ? 'n.name_zh, n.name_en' : `'全部' AS name_zh, 'All' AS name_en`} FROM s ${g ? NAMED(g) : ''} ORDER BY s.key`,
      [from, to],
    );
  }

  /** Checks made in [from, to] and the feedback on them, per agency (staff checks: agency null). */
  checksByAgency(from: string, to: string): Promise<AgencyChecksRow[]> {
    return this.read(
      `SELECT c.agency_id, a.code, a.name, a.department,
              count(*)::int AS checks,
              count(*) FILTER (WHERE c.verdict = 'restricted')::int AS restricted,
              count(*) FILTER (WHERE c.verdict = 'priority')::int AS priority,
              count(*) FILTER (WHERE c.verdict = 'clear')::int AS clear,
              count(*) FILTER (WHERE c.verdict = 'not_registered')::int AS "notRegistered",
              count(f.receipt_id)::int AS feedback,
              count(*) FILTER (WHERE f.outcome = 'applied')::int AS applied
         FROM statistics.checks c
         LEFT JOIN statistics.feedback f ON f.receipt_id = c.receipt_id
         LEFT JOIN statistics.agencies a ON a.id = c.agency_id
        WHERE c.checked_on BETWEEN $1::date AND $2::date
        GROUP BY c.agency_id, a.code, a.name, a.department
        ORDER BY a.code NULLS LAST`,
      [from, to],
      true,
    );
  }

  /** One row per calendar month in [fromMonth, toMonth] (first days of months). */
  monthly(fromMonth: string, toMonth: string): Promise<MonthlyRow[]> {
    return this.read(
      `WITH m AS (
         SELECT d::date AS first, (d + interval '1 month')::date AS next
           FROM generate_series($1::date, $2::date, interval '1 month') d),
       cr AS (
         SELECT date_trunc('month', occurred_on)::date AS first,
                count(*) FILTER (WHERE polarity = 'negative')::int AS negative,
                count(*) FILTER (WHERE polarity = 'positive')::int AS positive,
                count(*) FILTER (WHERE category_code = 'sampling_passed')::int AS passed,
                count(*) FILTER (WHERE category_code = 'sampling_failed')::int AS failed
           FROM statistics.credit_records WHERE status <> 'revoked' AND occurred_on >= $1::date AND occurred_on < ($2::date + interval '1 month')
          GROUP BY 1),
       ld AS (SELECT date_trunc('month', decided_on)::date AS first, count(*)::int AS n FROM statistics.listings GROUP BY 1),
       le AS (SELECT date_trunc('month', ended_on)::date AS first, count(*)::int AS n FROM statistics.listings WHERE ended_on IS NOT NULL GROUP BY 1),
       ch AS (
         SELECT date_trunc('month', checked_on)::date AS first, count(*)::int AS n
           FROM statistics.checks WHERE checked_on >= $1::date AND checked_on < ($2::date + interval '1 month') GROUP BY 1),
       fb AS (
         SELECT date_trunc('month', given_on)::date AS first, count(*)::int AS n
           FROM statistics.feedback WHERE given_on >= $1::date AND given_on < ($2::date + interval '1 month') GROUP BY 1)
       SELECT to_char(m.first, 'YYYY-MM') AS month,
              coalesce(cr.negative, 0) AS "negativeRecords", coalesce(cr.positive, 0) AS "positiveRecords",
              coalesce(cr.passed, 0) AS "samplingPassed", coalesce(cr.failed, 0) AS "samplingFailed",
              coalesce(ld.n, 0) AS "listingsDecided", coalesce(le.n, 0) AS "listingsEnded",
              coalesce(ch.n, 0) AS checks, coalesce(fb.n, 0) AS feedback,
              (SELECT count(*) FROM statistics.grades g
                 JOIN statistics.enterprises e ON e.id = g.enterprise_id AND e.status = 'active'
                WHERE daterange(g.valid_from, g.valid_to) @> (m.next - 1) AND g.grade IN ('AAA', 'AA'))::int AS "gradedAaOrBetter",
              (SELECT count(*) FROM statistics.grades g
                 JOIN statistics.enterprises e ON e.id = g.enterprise_id AND e.status = 'active'
                WHERE daterange(g.valid_from, g.valid_to) @> (m.next - 1) AND g.grade IN ('C', 'D'))::int AS "gradedCOrWorse"
         FROM m
         LEFT JOIN cr ON cr.first = m.first LEFT JOIN ld ON ld.first = m.first LEFT JOIN le ON le.first = m.first
         LEFT JOIN ch ON ch.first = m.first LEFT JOIN fb ON fb.first = m.first
        ORDER BY m.first`,
      [fromMonth, toMonth],
      true,
    );
  }
}
