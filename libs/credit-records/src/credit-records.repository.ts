import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeCursor, encodeCursor, type IsoDate, type Page, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { isPublished, repairAllowedFrom } from './publication.js';
import type { CreditCategory, CreditFact, CreditObjection, CreditRecord } from './credit.types.js';

const RECORD_COLUMNS = `
  r.id, r.enterprise_id, r.category_code, c.name_zh, c.name_en, r.polarity, r.severity,
  r.occurred_on::text AS occurred_on, r.publish_until::text AS publish_until, r.document_number,
  r.issuing_department, r.legal_basis, r.description, r.source, r.strict_repair, r.status,
  r.repaired_on::text AS repaired_on, r.revoked_on::text AS revoked_on, r.version, r.created_at, r.created_by,
  c.publication_months, c.repair_min_months, c.repair_min_months_strict,
  (SELECT jsonb_build_object('reason', p.reason, 'proposedByName', p.proposed_by_name, 'proposedAt', p.proposed_at)
     FROM credit.revocation_proposals p WHERE p.record_id = r.id AND p.status = 'proposed') AS revocation_pending`;

/* eslint-disable @typescript-eslint/no-explicit-any */
export function toRecord(r: any, today: IsoDate = todayInChina()): CreditRecord {
  const rules = { publicationMonths: r.publication_months, repairMinMonths: r.repair_min_months, repairMinMonthsStrict: r.repair_min_months_strict };
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    categoryCode: r.category_code,
    categoryName: { zh: r.name_zh, en: r.name_en },
    polarity: r.polarity,
    severity: r.severity,
    occurredOn: r.occurred_on,
    publishUntil: r.publish_until,
    published: isPublished(r.status, r.publish_until, today),
    documentNumber: r.document_number,
    issuingDepartment: r.issuing_department,
    legalBasis: r.legal_basis,
    description: r.description,
    source: r.source,
    strictRepair: r.strict_repair,
    status: r.status,
    repairedOn: r.repaired_on,
    revokedOn: r.revoked_on,
    repairAllowedFrom: r.polarity === 'negative' ? repairAllowedFrom(r.occurred_on, rules, r.strict_repair) : null,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    revocationPending: r.revocation_pending ? { ...r.revocation_pending, proposedAt: new Date(r.revocation_pending.proposedAt).toISOString() } : null,
  };
}

export function toCategory(r: any): CreditCategory {
  return {
    code: r.code,
    polarity: r.polarity,
    severity: r.severity,
    name: { zh: r.name_zh, en: r.name_en },
    publicationMonths: r.publication_months,
    repairMinMonths: r.repair_min_months,
    repairMinMonthsStrict: r.repair_min_months_strict,
    groundsListing: r.grounds_listing,
    active: r.active,
    version: r.version,
  };
}

function toObjection(r: any, today: IsoDate = todayInChina()): CreditObjection {
  return {
    id: r.id,
    recordId: r.record_id,
    enterpriseId: r.enterprise_id,
    status: r.status,
    outcome: r.outcome,
    reason: r.reason,
    raisedBy: r.raised_by,
    raisedByName: r.raised_by_name,
    raisedAt: new Date(r.raised_at).toISOString(),
    deadline: r.deadline,
    overdue: r.status === 'open' && r.deadline < today,
    resolvedBy: r.resolved_by,
    resolvedByName: r.resolved_by_name,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    resolutionReason: r.resolution_reason,
    corrections: r.corrections,
    record: { categoryCode: r.record_category, documentNumber: r.record_document, occurredOn: r.record_occurred_on, issuingDepartment: r.record_department, categoryName: r.record_category_name },
  };
}

const OBJECTION_COLUMNS = `o.id, o.record_id, r.enterprise_id, o.status, o.outcome, o.reason, o.raised_by, o.raised_by_name, o.raised_at,
  o.deadline::text AS deadline, o.resolved_by, o.resolved_by_name, o.resolved_at, o.resolution_reason, o.corrections,
  r.category_code AS record_category, r.document_number AS record_document, r.occurred_on::text AS record_occurred_on,
  r.issuing_department AS record_department,
  (SELECT jsonb_build_object('zh', c.name_zh, 'en', c.name_en) FROM credit.categories c WHERE c.code = r.category_code) AS record_category_name`;

/** SQL for schema `credit`. Functions taking `em` run in the caller's transaction. */
@Injectable()
export class CreditRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private q(em: EntityManager | null) {
    return em ?? this.dataSource;
  }

  async categories(em: EntityManager | null = null): Promise<CreditCategory[]> {
    const rows = await this.q(em).query(`SELECT * FROM credit.categories ORDER BY polarity, code`);
    return rows.map(toCategory);
  }

  async category(em: EntityManager | null, code: string): Promise<CreditCategory | null> {
    const [row] = await this.q(em).query(`SELECT * FROM credit.categories WHERE code = $1`, [code]);
    return row ? toCategory(row) : null;
  }

  async findRecord(em: EntityManager | null, id: string, lock = false): Promise<CreditRecord | null> {
    const [row] = await this.q(em).query(
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code WHERE r.id = $1
       ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id],
    );
    return row ? toRecord(row) : null;
  }

  /** Several records by id, in one query (bulk import). */
  async findRecords(em: EntityManager | null, ids: string[]): Promise<CreditRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.q(em).query(
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r: any) => toRecord(r));
  }

  /**
   * Records the public sees (DOMAIN.md §5, isPublished): active or disputed, publication end after today;
   * newest first, at most `limit`. Index: records_enterprise_idx (enterprise_id, occurred_on).
   */
  async publishedRecords(enterpriseId: string, today: IsoDate, limit: number): Promise<CreditRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code
        WHERE r.enterprise_id = $1 AND r.status IN ('active', 'disputed') AND r.publish_until > $2::date
        ORDER BY r.occurred_on DESC, r.id DESC LIMIT $3`,
      [enterpriseId, today, limit],
    );
    return rows.map((r: any) => toRecord(r, today));
  }

  async listRecords(enterpriseId: string, opts: { status?: string; cursor?: string; limit?: number }): Promise<Page<CreditRecord>> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const params: unknown[] = [enterpriseId];
    let where = 'r.enterprise_id = $1';
    if (opts.status) {
      params.push(opts.status);
      where += ` AND r.status = $${params.length}`;
    }
    const cursor = decodeCursor(opts.cursor, ['date', 'uuid']);
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where += ` AND (r.occurred_on, r.id) < ($${params.length - 1}::date, $${params.length}::uuid)`;
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code
       WHERE ${where} ORDER BY r.occurred_on DESC, r.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map((r: any) => toRecord(r));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor([last.occurredOn, last.id]) : null };
  }

  /** Records that count for grading on `asOf`: active or disputed, or repaired after that date. Revoked never count. */
  async countingRecords(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<CreditFact[]> {
    const rows = await this.q(em).query(
      `SELECT id, category_code, polarity, severity, occurred_on::text AS occurred_on, publish_until::text AS publish_until,
              CASE WHEN status = 'repaired' THEN 'active' ELSE status END AS status
         FROM credit.records
        WHERE enterprise_id = $1 AND occurred_on <= $2::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $2::date))
        ORDER BY occurred_on, id`,
      [enterpriseId, asOf],
    );
    return rows.map((r: any) => ({
      id: r.id,
      categoryCode: r.category_code,
      polarity: r.polarity,
      severity: r.severity,
      occurredOn: r.occurred_on,
      publishUntil: r.publish_until,
      status: r.status,
    }));
  }

  /**
   * countingRecords for many enterprises in one query (full regrade). Each record's status is given as of `asOf`
   * (repaired after that date → active). One JSON value comes back: row decoding dominates otherwise.
   */
  async countingRecordsMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, CreditFact[]>> {
    const result = new Map<string, CreditFact[]>(enterpriseIds.map((id) => [id, []]));
    if (enterpriseIds.length === 0) return result;
    const sorted = [...enterpriseIds].sort();
    const [row] = await this.dataSource.query(
      `SELECT coalesce(json_agg(json_build_array(enterprise_id, id, category_code, polarity, severity, occurred_on, publish_until,
                CASE WHEN status = 'repaired' THEN 'active' ELSE status END)), '[]')::text AS facts
         FROM credit.records
        WHERE enterprise_id BETWEEN $2::uuid AND $3::uuid AND enterprise_id = ANY($1::uuid[])
          AND occurred_on <= $4::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $4::date))`,
      [enterpriseIds, sorted[0], sorted[sorted.length - 1], asOf],
    );
    for (const [enterpriseId, id, categoryCode, polarity, severity, occurredOn, publishUntil, status] of JSON.parse(row.facts)) {
      result.get(enterpriseId)?.push({ id, categoryCode, polarity, severity, occurredOn, publishUntil, status });
    }
    return result;
  }

  /** countingRecords of every enterprise whose id is in (afterId, toId], for walking the register in id order. */
  async countingRecordsInIdRange(afterId: string, toId: string, asOf: IsoDate): Promise<Map<string, CreditFact[]>> {
    const result = new Map<string, CreditFact[]>();
    const [row] = await this.dataSource.query(
      `SELECT coalesce(json_agg(json_build_array(enterprise_id, id, category_code, polarity, severity, occurred_on, publish_until,
                CASE WHEN status = 'repaired' THEN 'active' ELSE status END)), '[]')::text AS facts
         FROM credit.records
        WHERE enterprise_id > $1::uuid AND enterprise_id <= $2::uuid AND occurred_on <= $3::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $3::date))`,
      [afterId, toId, asOf],
    );
    for (const [enterpriseId, id, categoryCode, polarity, severity, occurredOn, publishUntil, status] of JSON.parse(row.facts)) {
      let list = result.get(enterpriseId);
      if (!list) result.set(enterpriseId, (list = []));
      list.push({ id, categoryCode, polarity, severity, occurredOn, publishUntil, status });
    }
    return result;
  }

  async heavierPenaltiesSince(em: EntityManager | null, enterpriseId: string, since: IsoDate): Promise<number> {
    const [row] = await this.q(em).query(
      `SELECT count(*)::int AS n FROM credit.records
        WHERE enterprise_id = $1 AND occurred_on >= $2::date
          AND category_code IN (SELECT code FROM credit.categories WHERE grounds_listing)
          AND status IN ('active', 'disputed')`,
      [enterpriseId, since],
    );
    return row.n;
  }

  async findObjection(em: EntityManager | null, id: string): Promise<CreditObjection | null> {
    const [row] = await this.q(em).query(
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id WHERE o.id = $1`,
      [id],
    );
    return row ? toObjection(row) : null;
  }

  async objectionsOf(recordId: string): Promise<CreditObjection[]> {
    const rows = await this.dataSource.query(
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id
        WHERE o.record_id = $1 ORDER BY o.raised_at`,
      [recordId],
    );
    return rows.map((r: any) => toObjection(r));
  }

  async openObjections(opts: { overdueOn?: IsoDate; limit?: number }): Promise<CreditObjection[]> {
    const params: unknown[] = [Math.min(opts.limit ?? 200, 1000)];
    let where = `o.status = 'open'`;
    if (opts.overdueOn) {
      params.push(opts.overdueOn);
      where += ` AND o.deadline < $2::date`;
    }
    const rows = await this.dataSource.query(
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id
        WHERE ${where} ORDER BY o.deadline, o.raised_at LIMIT $1`,
      params,
    );
    return rows.map((r: any) => toObjection(r));
  }
}
