import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListingSummary } from '#qcr/blacklist';
import type { EnterpriseRef, EnterpriseStatus } from '#qcr/enterprises';
import type { GradeView } from '#qcr/grading';
import { type IsoDate, PreparedStatement } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import type { Grade } from '../measures/measure.types.js';
import type { PersonListing } from './person-reads.js';
import { TurnBatch } from './turn-batch.js';

/**
 * A current legal representative or officer of the enterprise who is personally restricted (issue 18): their role
 * here, since when, and the listing of another enterprise that named them. Never who they are.
 */
export interface OfficerRestriction {
  role: string;
  since: string;
  listing: PersonListing;
}

/** What a check needs to know about one enterprise on a date. */
export interface CheckFacts {
  enterprise: EnterpriseRef;
  grade: GradeView | null;
  listings: ListingSummary[];
  /** only read for the purposes a person's restriction governs (office_holding, licensing); else empty */
  officerRestrictions: OfficerRestriction[];
}

interface FactsRow {
  id: string;
  uscc: string | null;
  org_code: string;
  name: string;
  region_code: string;
  industry_code: string;
  status: EnterpriseStatus;
  code_exception: boolean;
  grade: Grade | null;
  score: number | null;
  grade_from: string | null;
  model_version: string | null;
  overridden: boolean | null;
  listings: ListingSummary[];
  officer_restrictions?: OfficerRestriction[];
}

/*
 * One statement, one round trip, joining what each context publishes (docs/contracts.md):
 *   enterprises.resolve_code(code)  — unique btree probe on uscc, else org_code   (enterprises_uscc_key / _org_code_key)
 *   grading.grade_on(id, date)      — btree (enterprise_id, valid_from DESC)       (grades_on_date)
 *   blacklist.listings_on(id, date) — btree (enterprise_id, start_date)            (listings_on_date)
 * All three are inlinable SQL functions, so the planner sees the index conditions; the GiST
 * exclusion indexes stay integrity-only. test/reliability/check-plans.spec.ts holds every one of
 * these to its index and a small buffer budget.
 */
const FACTS = `
  e.id, e.uscc, e.org_code, e.name, e.region_code, e.industry_code, e.status, e.code_exception,
  g.grade, g.score, g.valid_from::text AS grade_from, g.model_version, g.overridden,
  coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.listings_on(e.id, $2::date) l), '[]') AS listings`;

/*
 * For office_holding and licensing only (issue 18): the enterprise's officers on the date
 * (enterprises.officers_on, btree person_roles_by_enterprise) and the listings of *other* enterprises in force
 * that named them (blacklist.person_listings_on, btree listing_persons_by_person). Other purposes keep the
 * statement above unchanged, so the hot path pays nothing for it.
 */
const OFFICERS = `,
  coalesce((SELECT json_agg(json_build_object('role', o.role, 'since', o.valid_from, 'listing', pl.summary) ORDER BY pl.start_date, pl.seq)
              FROM enterprises.officers_on(e.id, $2::date) o
              CROSS JOIN LATERAL blacklist.person_listings_on(o.person_id, $2::date) pl
             WHERE pl.enterprise_id <> e.id), '[]') AS officer_restrictions`;

const ONE = new PreparedStatement<FactsRow>(
  'checks_facts_one',
  `SELECT ${FACTS}
     FROM enterprises.resolve_code($1::text) e
     LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true`,
);

const MANY = new PreparedStatement<FactsRow & { code: string }>(
  'checks_facts_many',
  `SELECT c.code, ${FACTS}
     FROM unnest($1::text[]) AS c(code)
     CROSS JOIN LATERAL enterprises.resolve_code(c.code) e
     LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true`,
);

const ONE_WITH_OFFICERS = new PreparedStatement<FactsRow>(
  'checks_facts_one_officers',
  `SELECT ${FACTS}${OFFICERS}
     FROM enterprises.resolve_code($1::text) e
     LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true`,
);

const MANY_WITH_OFFICERS = new PreparedStatement<FactsRow & { code: string }>(
  'checks_facts_many_officers',
  `SELECT c.code, ${FACTS}${OFFICERS}
     FROM unnest($1::text[]) AS c(code)
     CROSS JOIN LATERAL enterprises.resolve_code(c.code) e
     LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true`,
);

/** The read side of a check: enterprise, grade on the date and listings in force on the date, fresh on every call. */
@Injectable()
export class CheckReads {
  /** a lone code uses the one-code statement, several the batch's `unnest` form */
  private readonly turn = new TurnBatch<{ asOf: IsoDate; withOfficers: boolean }, string, CheckFacts>((codes, p) =>
    codes.length === 1 ? this.single(codes[0]!, p.asOf, p.withOfficers) : this.many(codes, p.asOf, p.withOfficers),
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `code` normalised (length 9 or 18); null when no enterprise carries it. Single checks of one event-loop turn
   * share one statement (TurnBatch: never an answer read before the request arrived).
   */
  async one(code: string, asOf: IsoDate, withOfficers = false): Promise<CheckFacts | null> {
    const facts = await this.turn.add(`${asOf}|${withOfficers}`, { asOf, withOfficers }, [code]);
    return facts.get(code) ?? null;
  }

  private async single(code: string, asOf: IsoDate, withOfficers: boolean): Promise<Map<string, CheckFacts>> {
    const [row] = await (withOfficers ? ONE_WITH_OFFICERS : ONE).rows(this.db, [code, asOf]);
    return row ? new Map([[code, toFacts(row)]]) : new Map();
  }

  /** Keyed by the normalised code; codes no enterprise carries are absent. */
  async many(codes: string[], asOf: IsoDate, withOfficers = false): Promise<Map<string, CheckFacts>> {
    const result = new Map<string, CheckFacts>();
    if (codes.length === 0) return result;
    for (const row of await (withOfficers ? MANY_WITH_OFFICERS : MANY).rows(this.db, [codes, asOf])) result.set(row.code, toFacts(row));
    return result;
  }
}

function toFacts(r: FactsRow): CheckFacts {
  return {
    enterprise: {
      id: r.id,
      uscc: r.uscc,
      orgCode: r.org_code,
      name: r.name,
      regionCode: r.region_code,
      industryCode: r.industry_code,
      status: r.status,
      codeException: r.code_exception,
    },
    grade: r.grade === null ? null : { grade: r.grade, score: r.score!, validFrom: r.grade_from!, modelVersion: r.model_version!, overridden: r.overridden! },
    listings: r.listings,
    officerRestrictions: r.officer_restrictions ?? [],
  };
}
