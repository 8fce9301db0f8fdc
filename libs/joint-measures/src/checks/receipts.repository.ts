import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryOne, queryRows } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { LoggedAnswer } from './check.types.js';

export interface ReceiptRow {
  receiptId: string;
  time: string;
  askedBy: { kind: string; id: string; name: string; agencyId: string | null };
  batchId: string | null;
  purpose: string;
  asOf: string;
  code: string;
  enterpriseId: string | null;
  verdict: string;
  answer: LoggedAnswer;
  feedback: FeedbackView | null;
}

export interface FeedbackView {
  outcome: 'applied' | 'not_applied';
  measureCode: string | null;
  reason: string | null;
  note: string | null;
  givenAt: string;
  givenBy: { kind: string; id: string; name: string; agencyId: string | null };
}

export interface FeedbackStatsRow {
  agencyId: string | null;
  purpose: string;
  checks: number;
  restricted: number;
  priority: number;
  feedback: number;
  applied: number;
  notApplied: number;
}

const receiptColumns = `
  c.receipt_id AS "receiptId", to_json(c.checked_at) #>> '{}' AS time,
  json_build_object('kind', c.actor_kind, 'id', c.actor_id, 'name', c.actor_name, 'agencyId', c.agency_id) AS "askedBy",
  c.batch_id AS "batchId", c.purpose, to_char(c.as_of, 'YYYY-MM-DD') AS "asOf", c.input_code AS code,
  c.enterprise_id AS "enterpriseId", c.verdict, c.answer,
  CASE WHEN f.receipt_id IS NULL THEN NULL ELSE json_build_object(
    'outcome', f.outcome, 'measureCode', f.measure_code, 'reason', f.reason, 'note', f.note,
    'givenAt', to_json(f.given_at) #>> '{}',
    'givenBy', json_build_object('kind', f.actor_kind, 'id', f.actor_id, 'name', f.actor_name, 'agencyId', f.agency_id)) END AS feedback`;

/** SQL for measures.checks (read side) and measures.feedback. */
@Injectable()
export class ReceiptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(em: EntityManager | null, receiptId: string): Promise<ReceiptRow | null> {
    return queryOne<ReceiptRow>(
      em ?? this.db,
      `SELECT ${receiptColumns} FROM measures.checks c LEFT JOIN measures.feedback f ON f.receipt_id = c.receipt_id
        WHERE c.receipt_id = $1`,
      [receiptId],
    );
  }

  /**
   * Every receipt of one batch in input order (answer.index, logged since issue 17; older rows by receipt id).
   * No index on batch_id (each index costs the check path, docs/performance.md): the batch id is a UUIDv7 of the
   * batch's time, which every row of the batch carries as checked_at, so the BRIN index on checked_at finds it.
   */
  async findBatch(batchId: string): Promise<ReceiptRow[]> {
    const ms = parseInt(batchId.replace(/-/g, '').slice(0, 12), 16);
    return this.db.query(
      `SELECT ${receiptColumns} FROM measures.checks c LEFT JOIN measures.feedback f ON f.receipt_id = c.receipt_id
        WHERE c.checked_at >= to_timestamp($2::double precision / 1000) AND c.checked_at < to_timestamp(($2::double precision + 1) / 1000)
          AND c.batch_id = $1
        ORDER BY (c.answer->>'index')::int NULLS LAST, c.receipt_id`,
      [batchId, ms],
    );
  }

  /**
   * Receipts newest first (receipt ids are UUIDv7, time-ordered), for one agency, one staff user, or — the staff
   * feedback queue — every receipt that has feedback (issue 16).
   */
  async list(
    who: { agencyId: string } | { staffId: string } | { withFeedback: true },
    opts: { feedback?: 'given' | 'missing'; before?: string; limit: number },
  ): Promise<ReceiptRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if ('agencyId' in who) add('c.agency_id = ?::uuid', who.agencyId);
    else if ('staffId' in who) add(`c.agency_id IS NULL AND c.actor_id = ?`, who.staffId);
    else where.push('f.receipt_id IS NOT NULL');
    if (opts.feedback === 'given') where.push('f.receipt_id IS NOT NULL');
    if (opts.feedback === 'missing') where.push('f.receipt_id IS NULL');
    if (opts.before) add('c.receipt_id < ?::uuid', opts.before);
    params.push(opts.limit);
    return this.db.query(
      `SELECT ${receiptColumns} FROM measures.checks c LEFT JOIN measures.feedback f ON f.receipt_id = c.receipt_id
        WHERE ${where.join(' AND ')} ORDER BY c.receipt_id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Returns false when the receipt already has feedback. */
  async insertFeedback(
    em: EntityManager,
    receiptId: string,
    f: { outcome: string; measureCode: string | null; reason: string | null; note: string | null },
    by: { kind: string; id: string; name: string; agencyId: string | null },
  ): Promise<boolean> {
    const rows = await queryRows<{ receipt_id: string }>(
      em,
      `INSERT INTO measures.feedback (receipt_id, outcome, measure_code, reason, note, actor_kind, actor_id, actor_name, agency_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (receipt_id) DO NOTHING RETURNING receipt_id`,
      [receiptId, f.outcome, f.measureCode, f.reason, f.note, by.kind, by.id, by.name, by.agencyId],
    );
    return rows.length === 1;
  }

  /** Checks and feedback per agency (NULL = staff) and purpose, checked between the dates (Asia/Shanghai), inclusive. */
  async feedbackStats(from: string | null, to: string | null): Promise<FeedbackStatsRow[]> {
    return this.db.query(
      `SELECT c.agency_id AS "agencyId", c.purpose,
              count(*)::int AS checks,
              count(*) FILTER (WHERE c.verdict = 'restricted')::int AS restricted,
              count(*) FILTER (WHERE c.verdict = 'priority')::int AS priority,
              count(f.receipt_id)::int AS feedback,
              count(*) FILTER (WHERE f.outcome = 'applied')::int AS applied,
              count(*) FILTER (WHERE f.outcome = 'not_applied')::int AS "notApplied"
         FROM measures.checks c LEFT JOIN measures.feedback f ON f.receipt_id = c.receipt_id
        WHERE ($1::date IS NULL OR c.checked_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
          AND ($2::date IS NULL OR c.checked_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
        GROUP BY c.agency_id, c.purpose
        ORDER BY c.agency_id NULLS FIRST, c.purpose`,
      [from, to],
    );
  }
}
