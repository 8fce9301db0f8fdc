import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlacklistReader, type ListingSummary } from '#qcr/blacklist';
import { type CreditRecord, CreditRecordsService } from '#qcr/credit-records';
import { type EnterpriseView, EnterprisesService, type PublicEnterpriseView } from '#qcr/enterprises';
import { GradingService } from '#qcr/grading';
import { parseEnterpriseCode } from '#qcr/identifiers';
import { type Actor, CommonProblems, decodeCursor, encodeCursor, type Page, problem, readOnReplica, todayInChina } from '#qcr/platform';
import type { PublicSearchQueryDto } from './public-register.dto.js';
import { PublicRegisterProblems } from './public-register.problems.js';

/** The grade as published: no score, model or explanation, but an override is marked as one. */
export interface PublishedGrade {
  grade: string;
  validFrom: string;
  overridden: boolean;
}

/**
 * A credit record as published (公示, DOMAIN.md §5): what happened, when, by whose decision and until when it
 * is shown. Allow-listed: no description (free text that may name people), no internal ids, no author.
 */
export interface PublishedCreditRecord {
  category: { code: string; name: { zh: string; en: string } };
  polarity: 'negative' | 'positive';
  severity: string;
  occurredOn: string;
  publishUntil: string;
  documentNumber: string;
  issuingDepartment: string;
  legalBasis: string;
  /** an objection is open: shown as disputed (DOMAIN.md §5, objections) */
  disputed: boolean;
}

/** The public card: public fields, the grade and listings in force today, and the credit records within their publication period. */
export interface PublicEnterpriseRecord extends PublicEnterpriseView {
  grade: PublishedGrade | null;
  listings: ListingSummary[];
  creditRecords: PublishedCreditRecord[];
}

const publishedRecord = (r: CreditRecord): PublishedCreditRecord => ({
  category: { code: r.categoryCode, name: r.categoryName },
  polarity: r.polarity,
  severity: r.severity,
  occurredOn: r.occurredOn,
  publishUntil: r.publishUntil,
  documentNumber: r.documentNumber,
  issuingDepartment: r.issuingDepartment,
  legalBasis: r.legalBasis,
  disputed: r.status === 'disputed',
});

/** A search hit: public fields, the grade in force today and whether a listing is in force (then the card shows D). */
export interface PublicEnterpriseSummary extends PublicEnterpriseView {
  grade: PublishedGrade | null;
  listed: boolean;
}

export type PublicSearchPage = Page<PublicEnterpriseSummary> & {
  total: number;
  totalCapped: boolean;
  /** false when a grade filter is given: matches are found by scanning, so only this page's count is known */
  totalKnown: boolean;
};

/** A grade-filtered search reads candidates in chunks and stops after this many, answering a cursor to go on. */
const GRADE_CHUNK = 200;
const GRADE_SCAN_BUDGET = 2_000;

const PUBLIC_ACTOR: Actor = { kind: 'anonymous', id: 'public', name: 'public', roles: [] };

/** Allow-list: a field added to the staff view never reaches the public by default. */
function publicFields(v: EnterpriseView): PublicEnterpriseView {
  return {
    uscc: v.uscc,
    orgCode: v.orgCode,
    name: v.name,
    formerNames: v.formerNames,
    regionCode: v.regionCode,
    regionName: v.regionName,
    industryCode: v.industryCode,
    industryName: v.industryName,
    status: v.status,
    statusName: v.statusName,
    registeredOn: v.registeredOn,
    codeException: v.codeException,
  };
}

const published = (g: { grade: string; validFrom: string; overridden: boolean } | null | undefined): PublishedGrade | null =>
  g ? { grade: g.grade, validFrom: g.validFrom, overridden: g.overridden } : null;

/**
 * 社会监督 (DOMAIN.md §2): what anyone may see of an enterprise, without logging in. No personal data.
 * Every answer is read on a streaming replica when DATABASE_READ_URLS is set (issue 22): the public traffic is
 * the least bounded of all, and it never writes. A decision or record is on the replica before its own answer
 * (the commit fence), so the public card shows it from then on, as on the primary.
 */
@Injectable()
export class PublicRegister {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly grading: GradingService,
    private readonly blacklist: BlacklistReader,
    private readonly credit: CreditRecordsService,
  ) {}

  enterprise(code: string): Promise<PublicEnterpriseRecord> {
    return readOnReplica(this.db, () => this.card(code));
  }

  search(query: PublicSearchQueryDto): Promise<PublicSearchPage> {
    return readOnReplica(this.db, () => this.find(query));
  }

  private async card(code: string): Promise<PublicEnterpriseRecord> {
    const parsed = parseEnterpriseCode(code);
    // A code failing its check character may still be a registered documented exception (DOMAIN.md §3).
    const ref = parsed.ok || parsed.rule === 'uscc_check' || parsed.rule === 'org_check' ? await this.enterprises.resolve(code) : null;
    if (!parsed.ok && !ref) {
      const { rule, message, position, expected, given } = parsed;
      throw problem(PublicRegisterProblems.invalidCode, message, [{ field: 'code', rule, message }], { rule, position, expected, given });
    }
    if (!ref) throw problem(PublicRegisterProblems.notFound, `no enterprise with code ${code}`);
    const today = todayInChina();
    const [record, grade, listings, records] = await Promise.all([
      this.enterprises.publicView(code),
      this.grading.gradeOn(ref.id, today),
      this.blacklist.activeListings(null, ref.id, today),
      this.credit.publishedRecords(ref.id, today),
    ]);
    return { ...record, grade: published(grade), listings, creditRecords: records.map(publishedRecord) };
  }

  /**
   * Name search (and/or region, industry) over public fields; each hit with its published grade (one query for
   * the page's grades and one for its listings). `total` counts every match up to a cap ("找到 20 家" when 310
   * matched, issue 17).
   */
  private async find(query: PublicSearchQueryDto): Promise<PublicSearchPage> {
    const base = { q: query.q?.trim() || undefined, region: query.region, industry: query.industry };
    if (!base.q && !base.region && !base.industry && !query.grade) {
      // a public browse of the whole register is not a search: it needs a name or at least one filter
      throw problem(CommonProblems.validation, 'give q or a filter (region, industry, grade)', [
        { field: 'q', rule: 'required', message: 'q is required without region, industry or grade' },
      ]);
    }
    const limit = query.limit ?? 20;
    if (query.grade) return this.searchByGrade(base, query.grade, limit, query.cursor);
    const page = await this.enterprises.search(PUBLIC_ACTOR, { ...base, limit, cursor: query.cursor, withTotal: true });
    const items = await this.summaries(page.items);
    return {
      items: items.map((i) => i.summary),
      nextCursor: page.nextCursor,
      total: page.total ?? 0,
      totalCapped: page.totalCapped ?? false,
      totalKnown: true,
    };
  }

  /**
   * The grade lives in another context, so the filter cannot be one SQL statement over enterprises (docs/portal.md):
   * candidates are read in the search's own order in chunks, kept when their published grade matches — D for a
   * listed enterprise (DOMAIN §6 hard cap), `none` when not graded — and the cursor remembers the chunk and how far
   * into it the page ended. At most GRADE_SCAN_BUDGET candidates per request; then a cursor to go on.
   */
  private async searchByGrade(
    base: { q?: string; region?: string; industry?: string },
    grade: string,
    limit: number,
    cursor?: string,
  ): Promise<PublicSearchPage> {
    const at = decodeCursor(cursor, ['text', 'text', 'int']);
    if (at && at[0] !== 'grade') {
      throw problem(CommonProblems.validation, 'cursor is not one this API issued', [{ field: 'cursor', rule: 'cursor', message: 'cursor of another search' }]);
    }
    let inner = at ? String(at[1]) || undefined : undefined;
    let skip = at ? Number(at[2]) : 0;
    const found: PublicEnterpriseSummary[] = [];
    let scanned = 0;
    const more = (next: string | undefined, from: number) => ({
      items: found,
      nextCursor: encodeCursor(['grade', next ?? '', from]),
      total: found.length,
      totalCapped: true,
      totalKnown: false,
    });
    while (scanned < GRADE_SCAN_BUDGET) {
      const page = await this.enterprises.search(PUBLIC_ACTOR, { ...base, limit: GRADE_CHUNK, cursor: inner });
      const candidates = await this.summaries(page.items.slice(skip));
      for (const [i, candidate] of candidates.entries()) {
        if (candidate.effective !== grade) continue;
        found.push(candidate.summary);
        if (found.length === limit) {
          const from = skip + i + 1;
          return from < page.items.length || page.nextCursor
            ? more(inner, from)
            : { items: found, nextCursor: null, total: found.length, totalCapped: false, totalKnown: false };
        }
      }
      scanned += candidates.length;
      if (!page.nextCursor) return { items: found, nextCursor: null, total: found.length, totalCapped: false, totalKnown: false };
      inner = page.nextCursor;
      skip = 0;
    }
    return more(inner, 0);
  }

  private async summaries(views: (EnterpriseView & { id: string })[]): Promise<{ summary: PublicEnterpriseSummary; effective: string }[]> {
    const today = todayInChina();
    const ids = views.map((e) => e.id);
    const [grades, listings] = await Promise.all([this.grading.gradesOn(ids, today), this.blacklist.activeListingsMany(ids, today)]);
    return views.map((e) => {
      const grade = published(grades.get(e.id));
      const listed = (listings.get(e.id) ?? []).length > 0;
      return { summary: { ...publicFields(e), grade, listed }, effective: listed ? 'D' : (grade?.grade ?? 'none') };
    });
  }
}
