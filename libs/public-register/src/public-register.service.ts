import { Injectable } from '@nestjs/common';
import { BlacklistReader, type ListingSummary } from '#qcr/blacklist';
import { type EnterpriseView, EnterprisesService, type PublicEnterpriseView } from '#qcr/enterprises';
import { GradingService } from '#qcr/grading';
import { parseEnterpriseCode } from '#qcr/identifiers';
import { type Actor, type Page, problem, todayInChina } from '#qcr/platform';
import { PublicRegisterProblems } from './public-register.problems.js';

/** The grade as published: no score, model or explanation, but an override is marked as one. */
export interface PublishedGrade {
  grade: string;
  validFrom: string;
  overridden: boolean;
}

/** The public card: the record's public fields, the grade in force today, the listings in force today. */
export interface PublicEnterpriseRecord extends PublicEnterpriseView {
  grade: PublishedGrade | null;
  listings: ListingSummary[];
}

/** A search hit: public fields and the grade in force today. */
export interface PublicEnterpriseSummary extends PublicEnterpriseView {
  grade: PublishedGrade | null;
}

const PUBLIC_ACTOR: Actor = { kind: 'anonymous', id: 'public', name: 'public', roles: [] };

/** Allow-list: a field added to the staff view never reaches the public by default. */
function publicFields(v: EnterpriseView): PublicEnterpriseView {
  return {
    uscc: v.uscc, orgCode: v.orgCode, name: v.name, formerNames: v.formerNames, regionCode: v.regionCode, regionName: v.regionName,
    industryCode: v.industryCode, industryName: v.industryName, status: v.status, statusName: v.statusName, registeredOn: v.registeredOn,
    codeException: v.codeException,
  };
}

const published = (g: { grade: string; validFrom: string; overridden: boolean } | null | undefined): PublishedGrade | null =>
  g ? { grade: g.grade, validFrom: g.validFrom, overridden: g.overridden } : null;

/** 社会监督 (DOMAIN.md §2): what anyone may see of an enterprise, without logging in. No personal data. */
@Injectable()
export class PublicRegister {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly grading: GradingService,
    private readonly blacklist: BlacklistReader,
  ) {}

  async enterprise(code: string): Promise<PublicEnterpriseRecord> {
    const parsed = parseEnterpriseCode(code);
    // A code failing its check character may still be a registered documented exception (DOMAIN.md §3).
    const ref = parsed.ok || parsed.rule === 'uscc_check' || parsed.rule === 'org_check' ? await this.enterprises.resolve(code) : null;
    if (!parsed.ok && !ref) {
      const { rule, message, position, expected, given } = parsed;
      throw problem(PublicRegisterProblems.invalidCode, message, [{ field: 'code', rule, message }], { rule, position, expected, given });
    }
    if (!ref) throw problem(PublicRegisterProblems.notFound, `no enterprise with code ${code}`);
    const today = todayInChina();
    const [record, grade, listings] = await Promise.all([
      this.enterprises.publicView(code),
      this.grading.gradeOn(ref.id, today),
      this.blacklist.activeListings(null, ref.id, today),
    ]);
    return { ...record, grade: published(grade), listings };
  }

  /** Name search over public fields; each hit with its published grade (one query for the page's grades). */
  async search(query: { q: string; limit?: number; cursor?: string }): Promise<Page<PublicEnterpriseSummary> & { total: number; totalCapped: boolean }> {
    // total: every match, not the page's length ("找到 20 家" when 310 matched, issue 17)
    const page = await this.enterprises.search(PUBLIC_ACTOR, { q: query.q.trim(), limit: query.limit ?? 20, cursor: query.cursor, withTotal: true });
    const grades = await this.grading.gradesOn(page.items.map((e) => e.id), todayInChina());
    return { items: page.items.map((e) => ({ ...publicFields(e), grade: published(grades.get(e.id)) })), nextCursor: page.nextCursor, total: page.total ?? 0, totalCapped: page.totalCapped ?? false };
  }
}
