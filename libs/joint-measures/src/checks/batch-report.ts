import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, problem } from '#qcr/platform';
import { CheckProblems } from '../joint-measures.problems.js';
import type { Grade } from '../measures/measure.types.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import { CheckLogWriter } from './check-log.writer.js';
import type { LoggedAnswer } from './check.types.js';
import { ReceiptsRepository, type ReceiptRow } from './receipts.repository.js';
import { type Standing, standingOf, type StatusWarning, statusWarningOf } from './standing.js';
import type { Verdict } from './verdict.js';

/** One answered input of a batch, as the check log kept it (invalid codes got no receipt and are not logged). */
export interface BatchReportRow {
  /** 1-based position in the list as submitted (null on rows logged before issue 17) */
  position: number | null;
  receiptId: string;
  code: string;
  verdict: Verdict;
  standing: Standing;
  registrationStatus: string | null;
  statusWarning: StatusWarning | null;
  enterprise: LoggedAnswer['enterprise'];
  grade: Grade | null;
  listings: LoggedAnswer['listings'];
  measures: { code: string; text: { zh: string; en: string }; legalBasis: string }[];
}

/** What a downloaded report (xlsx, PDF) and the public batch verification are made of: the log, never the client. */
export interface BatchReport {
  batchId: string;
  purpose: string;
  asOf: string;
  time: string;
  summary: Record<Verdict, number>;
  /** sha256 over the logged answers (digestOf): printed on the report, recomputed by the verification page */
  digest: string;
  rows: BatchReportRow[];
}

/**
 * The digest covers exactly what the public verification shows of each answer (receipt, code's enterprise,
 * verdict, grade, listing decision numbers, measure codes) plus the batch's purpose, as-of and time, in
 * input order. A printed report whose digest matches the verification page is the answer as logged.
 */
export function digestOf(batchId: string, rows: ReceiptRow[]): string {
  const first = rows[0];
  const canonical = JSON.stringify([
    batchId,
    first?.purpose ?? null,
    first?.asOf ?? null,
    first?.time ?? null,
    rows.map((r) => [
      r.receiptId,
      r.verdict,
      r.answer.enterprise?.uscc ?? r.answer.enterprise?.orgCode ?? null,
      r.answer.grade,
      r.answer.listings.map((l) => l.decisionNumber),
      r.answer.measures,
    ]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Reads a batch back from the check log (核查日志) for its report; partners see only their own agency's batches. */
@Injectable()
export class BatchReports {
  constructor(
    private readonly repo: ReceiptsRepository,
    private readonly log: CheckLogWriter,
    private readonly measures: MeasuresRepository,
  ) {}

  /** The rows as logged, or 404 when none is visible to the caller (another agency's batch looks like no batch). */
  /** The batch's rows visible to the actor: never none (a batch has at least one row; none visible is a 404). */
  async rows(actor: Actor | null, batchId: string): Promise<[ReceiptRow, ...ReceiptRow[]]> {
    await this.log.flush(); // flush-on-read: a batch is downloadable the moment its answer was sent
    const rows = await this.repo.findBatch(batchId);
    const visible = actor?.kind === 'partner' ? rows.filter((r) => r.askedBy.agencyId === actor.agencyId) : rows;
    const [first, ...rest] = visible;
    if (!first) throw problem(CheckProblems.batchNotFound, `no batch ${batchId}`);
    return [first, ...rest];
  }

  async report(actor: Actor, batchId: string): Promise<BatchReport> {
    const rows = await this.rows(actor, batchId);
    // measure text by code from the catalogue (retired measures are kept, never deleted: docs/checks.md)
    const catalogue = new Map((await this.measures.all(true)).map((m) => [m.code, m]));
    const summary: Record<Verdict, number> = { restricted: 0, priority: 0, clear: 0, not_registered: 0 };
    for (const r of rows) summary[r.verdict as Verdict]++;
    return {
      batchId,
      purpose: rows[0].purpose,
      asOf: rows[0].asOf,
      time: rows[0].time,
      summary,
      digest: digestOf(batchId, rows),
      rows: rows.map((r) => ({
        position: r.answer.index !== undefined ? r.answer.index + 1 : null,
        receiptId: r.receiptId,
        code: r.code,
        verdict: r.verdict as Verdict,
        standing: standingOf(r.verdict as Verdict, r.answer.grade, r.answer.listings.length),
        registrationStatus: r.answer.registrationStatus ?? null,
        statusWarning: statusWarningOf(r.answer.registrationStatus),
        enterprise: r.answer.enterprise,
        grade: r.answer.grade,
        listings: r.answer.listings,
        measures: r.answer.measures.map((code) => {
          const m = catalogue.get(code);
          return { code, text: m?.text ?? { zh: code, en: code }, legalBasis: m?.legalBasis ?? '' };
        }),
      })),
    };
  }
}
