import { Injectable } from '@nestjs/common';
import { EnterprisesService } from '#qcr/enterprises';
import { type Actor, CommonProblems, decodeCursor, encodeCursor, type Page, problem, todayInChina } from '#qcr/platform';
import { BlacklistProblems } from './blacklist.problems.js';
import type { ListingRow } from './listing-rows.js';
import { ListingRevocations } from './listing-revocations.service.js';
import { type PublicListingView, type StaffListingView, toEventView, toPublicView, toRepairView, toStaffView, toStatementView } from './listing.views.js';
import type { ListingQueryDto, PublicListingQueryDto } from './listings.dto.js';
import { ListingsRepository } from './listings.repository.js';
import { ListingsService, showsPersonalData } from './listings.service.js';
import { RepairApplications } from './repair-applications.repository.js';

/** The reads of listings: a case file for staff, the queues, and the public list (公示). Writes are elsewhere. */
@Injectable()
export class ListingQueries {
  constructor(
    private readonly repo: ListingsRepository,
    private readonly repairs: RepairApplications,
    private readonly revocations: ListingRevocations,
    private readonly enterprises: EnterprisesService,
    private readonly listings: ListingsService,
  ) {}

  async get(actor: Actor, id: string, today = todayInChina()) {
    const row = await this.load(id, today);
    const [statements, repairs, history, revocations] = await Promise.all([
      this.repo.statements(id),
      this.repairs.ofListing(id),
      this.repo.events(id),
      this.revocations.history(id),
    ]);
    return {
      ...toStaffView(row, showsPersonalData(actor)),
      statements: statements.map(toStatementView),
      repairApplications: repairs.map(toRepairView),
      /** two-person revocation proposals (issue 13 §6), open and decided */
      revocationProposals: revocations,
      history: history.map(toEventView),
    };
  }

  async list(actor: Actor, q: ListingQueryDto, today = todayInChina()): Promise<Page<StaffListingView>> {
    const limit = q.limit ?? 50;
    let enterpriseId: string | undefined;
    if (q.enterprise) {
      const enterprise = await this.listings.findEnterprise(q.enterprise);
      if (!enterprise) return { items: [], nextCursor: null };
      enterpriseId = enterprise.id;
    }
    const cursor = decodeCursor(q.cursor, ['int']);
    const rows = await this.repo.list({
      status: q.status,
      enterpriseId,
      listType: q.listType,
      queue: q.queue,
      regionPrefix: q.regionPrefix,
      afterSeq: cursor ? String(cursor[0]) : undefined,
      limit,
      today,
    });
    const pd = showsPersonalData(actor);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toStaffView(r, pd)),
      nextCursor: rows.length > limit && last ? encodeCursor([String(last.seq)]) : null,
    };
  }

  /** 公示: active, published listings; fields for the public only. */
  async listPublic(q: PublicListingQueryDto, today = todayInChina()): Promise<Page<PublicListingView>> {
    const limit = q.limit ?? 20;
    let enterpriseId: string | undefined;
    if (q.enterprise) {
      const enterprise = await this.enterprises.resolve(q.enterprise);
      if (!enterprise) return { items: [], nextCursor: null };
      enterpriseId = enterprise.id;
    }
    if (q.from && q.to && q.from > q.to) {
      throw problem(CommonProblems.validation, 'from is after to', [{ field: 'from', rule: 'notAfterTo', message: 'from must be on or before to' }]);
    }
    const cursor = decodeCursor(q.cursor, ['date', 'int']);
    if (cursor && !(typeof cursor[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cursor[0]) && /^\d+$/.test(String(cursor[1])))) {
      throw problem(CommonProblems.validation, 'cursor is not one this API issued');
    }
    const rows = await this.repo.listPublic({
      enterpriseId,
      listType: q.listType,
      region: q.region,
      from: q.from,
      to: q.to,
      after: cursor ? [String(cursor[0]), String(cursor[1])] : undefined,
      limit,
      today,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toPublicView), nextCursor: rows.length > limit && last ? encodeCursor([last.start_date, String(last.seq)]) : null };
  }

  private async load(id: string, today: string): Promise<ListingRow> {
    const row = await this.repo.find(null, id, today);
    if (!row) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
    return row;
  }
}
