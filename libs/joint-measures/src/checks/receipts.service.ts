import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgenciesService } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { type Actor, decodeCursor, encodeCursor, inTransaction, isPgError, type Page, PG, problem } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { CheckProblems } from '../joint-measures.problems.js';
import { CheckLogWriter } from './check-log.writer.js';
import type { FeedbackDto, ReceiptListQueryDto } from './checks.dto.js';
import { type ReceiptRow, ReceiptsRepository } from './receipts.repository.js';

export interface FeedbackStats {
  from: string | null;
  to: string | null;
  rows: {
    agency: { id: string; code: string; name: string } | null;
    purpose: string;
    checks: number;
    restricted: number;
    priority: number;
    feedback: number;
    feedbackRate: number;
    applied: number;
    notApplied: number;
  }[];
}

/** What GET /api/v1/public/receipts/{id} shows: the answer, never the asker. */
export interface VerifiedReceipt {
  receiptId: string;
  batchId: string | null;
  time: string;
  purpose: string;
  asOf: string;
  verdict: string;
  enterprise: { name: string; uscc: string | null; orgCode: string } | null;
  grade: string | null;
  measures: string[];
  listings: { decisionNumber: string; listType: string; startDate: string; plannedEndDate: string }[];
}

/** Receipts (核查回执), feedback (反馈) and the feedback statistics. */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ReceiptsRepository,
    private readonly log: CheckLogWriter,
    private readonly audit: AuditLog,
    private readonly agencies: AgenciesService,
  ) {}

  /** A partner sees only its own agency's receipts; another agency's is 404, as if it did not exist. */
  /**
   * 我的核查回执 (issue 16): a partner's receipts are its agency's, a staff user's the checks they made; `feedback`
   * filters those with or without feedback (应查必查、反馈). Cursor-paged by receipt id.
   */
  async list(actor: Actor, q: ReceiptListQueryDto): Promise<Page<ReceiptRow>> {
    await this.log.flush();
    const limit = q.limit ?? 50;
    const before = decodeCursor(q.cursor, ['uuid'])?.[0] as string | undefined;
    const who = actor.kind === 'partner' ? { agencyId: actor.agencyId! } : { staffId: actor.id };
    return this.page(await this.repo.list(who, { feedback: q.feedback, before, limit: limit + 1 }), limit);
  }

  /** The staff feedback queue: every receipt that has feedback, newest check first, with the agency's name. */
  async feedbackQueue(q: ReceiptListQueryDto): Promise<Page<ReceiptRow & { agency: { code: string; name: string } | null }>> {
    await this.log.flush();
    const limit = q.limit ?? 50;
    const before = decodeCursor(q.cursor, ['uuid'])?.[0] as string | undefined;
    const page = this.page(await this.repo.list({ withFeedback: true }, { before, limit: limit + 1 }), limit);
    const agencies = new Map((await this.agencies.list()).map((a) => [a.id, { code: a.code, name: a.name }]));
    return { ...page, items: page.items.map((r) => ({ ...r, agency: r.askedBy.agencyId ? (agencies.get(r.askedBy.agencyId) ?? null) : null })) };
  }

  private page(rows: ReceiptRow[], limit: number): Page<ReceiptRow> {
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.receiptId]) : null };
  }

  async get(actor: Actor, receiptId: string): Promise<ReceiptRow> {
    await this.log.flush(); // flush-on-read: a receipt is readable the moment its answer was sent
    return this.visible(actor, await this.repo.find(null, receiptId), receiptId);
  }

  /**
   * 回执核验 for anyone holding the number: what was answered, when, for which enterprise and date.
   * Leaves out who asked (agency, user), the code as typed and the feedback: a receipt must not
   * reveal which agency was considering which supplier (issue 17).
   */
  async verify(receiptId: string): Promise<VerifiedReceipt> {
    await this.log.flush();
    const r = await this.repo.find(null, receiptId);
    if (!r) throw problem(CheckProblems.receiptNotFound, `no receipt ${receiptId}`);
    return {
      receiptId: r.receiptId,
      batchId: r.batchId,
      time: r.time,
      purpose: r.purpose,
      asOf: r.asOf,
      verdict: r.verdict,
      enterprise: r.answer.enterprise,
      grade: r.answer.grade,
      measures: r.answer.measures,
      listings: r.answer.listings.map((l) => ({
        decisionNumber: l.decisionNumber,
        listType: l.listType,
        startDate: l.startDate,
        plannedEndDate: l.plannedEndDate,
      })),
    };
  }

  async giveFeedback(actor: Actor, receiptId: string, dto: FeedbackDto): Promise<ReceiptRow> {
    await this.log.flush();
    try {
      await inTransaction(this.db, async (em) => {
        const receipt = this.visible(actor, await this.repo.find(em, receiptId), receiptId);
        if (actor.kind === 'staff' && receipt.askedBy.id !== actor.id) {
          throw problem(CheckProblems.notYourReceipt, 'staff give feedback only on checks they made');
        }
        if (dto.outcome === 'applied' && !receipt.answer.measures.includes(dto.measureCode!)) {
          throw problem(
            CheckProblems.measureNotOnReceipt,
            `measure ${dto.measureCode} was not among the receipt's measures (${receipt.answer.measures.join(', ') || 'none'})`,
            [{ field: 'measureCode', rule: 'onReceipt', message: 'measureCode must be one of the measures the check returned' }],
          );
        }
        const feedback = {
          outcome: dto.outcome,
          measureCode: dto.outcome === 'applied' ? dto.measureCode! : null,
          reason: dto.outcome === 'not_applied' ? dto.reason! : null,
          note: dto.note ?? null,
        };
        const by = { kind: actor.kind, id: actor.id, name: actor.name, agencyId: actor.agencyId ?? null };
        if (!(await this.repo.insertFeedback(em, receiptId, feedback, by))) {
          throw problem(CheckProblems.feedbackExists, `receipt ${receiptId} already has feedback`);
        }
        await this.audit.record(em, actor, { action: 'check.feedback', entityType: 'check-receipt', entityId: receiptId, after: feedback });
      });
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) throw problem(CheckProblems.feedbackExists, `receipt ${receiptId} already has feedback`);
      throw err;
    }
    return (await this.repo.find(null, receiptId))!;
  }

  async feedbackStats(from?: string, to?: string): Promise<FeedbackStats> {
    await this.log.flush();
    const [rows, agencies] = await Promise.all([this.repo.feedbackStats(from ?? null, to ?? null), this.agencies.list()]);
    const byId = new Map(agencies.map((a) => [a.id, { id: a.id, code: a.code, name: a.name }]));
    return {
      from: from ?? null,
      to: to ?? null,
      rows: rows.map((r) => ({
        agency: r.agencyId ? (byId.get(r.agencyId) ?? { id: r.agencyId, code: '?', name: '?' }) : null,
        purpose: r.purpose,
        checks: r.checks,
        restricted: r.restricted,
        priority: r.priority,
        feedback: r.feedback,
        feedbackRate: r.checks ? Math.round((r.feedback / r.checks) * 10_000) / 10_000 : 0,
        applied: r.applied,
        notApplied: r.notApplied,
      })),
    };
  }

  private visible(actor: Actor, receipt: ReceiptRow | null, receiptId: string): ReceiptRow {
    if (!receipt || (actor.kind === 'partner' && receipt.askedBy.agencyId !== actor.agencyId)) {
      throw problem(CheckProblems.receiptNotFound, `no receipt ${receiptId}`);
    }
    return receipt;
  }
}
