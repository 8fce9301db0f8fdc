import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeCursor, encodeCursor, type IsoDate, type Page, queryOne, queryRows, querySingle, selectList, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { isPublished, repairAllowedFrom } from './publication.js';
import type { CreditCategory, CreditFact, CreditObjection, CreditRecord } from './credit.types.js';

/** A credit.records row joined with its category, as the SQL answers it (derived fields are computed in toRecord). */
interface RecordRow extends Omit<CreditRecord, 'categoryName' | 'published' | 'repairAllowedFrom' | 'createdAt' | 'revocationPending'> {
  nameZh: string;
  nameEn: string;
  createdAt: Date | string;
  publicationMonths: number;
  repairMinMonths: number | null;
  repairMinMonthsStrict: number | null;
  revocationPending: { reason: string; proposedByName: string | null; proposedAt: string } | null;
}

const RECORD_COLUMNS = selectList<RecordRow>({
  id: 'r.id',
  enterpriseId: 'r.enterprise_id',
  categoryCode: 'r.category_code',
  nameZh: 'c.name_zh',
  nameEn: 'c.name_en',
  polarity: 'r.polarity',
  severity: 'r.severity',
  occurredOn: 'r.occurred_on::text',
  publishUntil: 'r.publish_until::text',
  documentNumber: 'r.document_number',
  issuingDepartment: 'r.issuing_department',
  legalBasis: 'r.legal_basis',
  description: 'r.description',
  source: 'r.source',
  strictRepair: 'r.strict_repair',
  status: 'r.status',
  repairedOn: 'r.repaired_on::text',
  revokedOn: 'r.revoked_on::text',
  version: 'r.version',
  createdAt: 'r.created_at',
  createdBy: 'r.created_by',
  publicationMonths: 'c.publication_months',
  repairMinMonths: 'c.repair_min_months',
  repairMinMonthsStrict: 'c.repair_min_months_strict',
  revocationPending: `(SELECT jsonb_build_object('reason', p.reason, 'proposedByName', p.proposed_by_name, 'proposedAt', p.proposed_at)
     FROM credit.revocation_proposals p WHERE p.record_id = r.id AND p.status = 'proposed')`,
});

function toRecord(r: RecordRow, today: IsoDate = todayInChina()): CreditRecord {
  const { nameZh, nameEn, publicationMonths, repairMinMonths, repairMinMonthsStrict, ...fields } = r;
  const rules = { publicationMonths, repairMinMonths, repairMinMonthsStrict };
  return {
    ...fields,
    categoryName: { zh: nameZh, en: nameEn },
    published: isPublished(r.status, r.publishUntil, today),
    repairAllowedFrom: r.polarity === 'negative' ? repairAllowedFrom(r.occurredOn, rules, r.strictRepair) : null,
    createdAt: new Date(r.createdAt).toISOString(),
    revocationPending: r.revocationPending ? { ...r.revocationPending, proposedAt: new Date(r.revocationPending.proposedAt).toISOString() } : null,
  };
}

/** A credit.categories row, column for column (the catalogue's SELECT … and RETURNING … read these). */
export interface CategoryRow extends Omit<CreditCategory, 'name'> {
  nameZh: string;
  nameEn: string;
}

export const CATEGORY_COLUMNS = selectList<CategoryRow>({
  code: 'code',
  polarity: 'polarity',
  severity: 'severity',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  publicationMonths: 'publication_months',
  repairMinMonths: 'repair_min_months',
  repairMinMonthsStrict: 'repair_min_months_strict',
  groundsListing: 'grounds_listing',
  active: 'active',
  version: 'version',
});

export function toCategory(r: CategoryRow): CreditCategory {
  const { nameZh, nameEn, ...fields } = r;
  return { ...fields, name: { zh: nameZh, en: nameEn } };
}

/** A credit.objections row with what it disputes, as the SQL answers it. */
interface ObjectionRow extends Omit<CreditObjection, 'overdue' | 'raisedAt' | 'resolvedAt' | 'record' | 'enterprise'> {
  raisedAt: Date | string;
  resolvedAt: Date | string | null;
  recordCategory: string;
  recordDocument: string | null;
  recordOccurredOn: IsoDate;
  recordDepartment: string | null;
  recordCategoryName: { zh: string; en: string } | null;
}

function toObjection(r: ObjectionRow, today: IsoDate = todayInChina()): CreditObjection {
  const { recordCategory, recordDocument, recordOccurredOn, recordDepartment, recordCategoryName, ...fields } = r;
  return {
    ...fields,
    raisedAt: new Date(r.raisedAt).toISOString(),
    overdue: r.status === 'open' && r.deadline < today,
    resolvedAt: r.resolvedAt ? new Date(r.resolvedAt).toISOString() : null,
    record: {
      categoryCode: recordCategory,
      documentNumber: recordDocument,
      occurredOn: recordOccurredOn,
      issuingDepartment: recordDepartment,
      categoryName: recordCategoryName,
    },
  };
}

const OBJECTION_COLUMNS = selectList<ObjectionRow>({
  id: 'o.id',
  recordId: 'o.record_id',
  enterpriseId: 'r.enterprise_id',
  status: 'o.status',
  outcome: 'o.outcome',
  reason: 'o.reason',
  raisedBy: 'o.raised_by',
  raisedByName: 'o.raised_by_name',
  raisedAt: 'o.raised_at',
  deadline: 'o.deadline::text',
  resolvedBy: 'o.resolved_by',
  resolvedByName: 'o.resolved_by_name',
  resolvedAt: 'o.resolved_at',
  resolutionReason: 'o.resolution_reason',
  corrections: 'o.corrections',
  recordCategory: 'r.category_code',
  recordDocument: 'r.document_number',
  recordOccurredOn: 'r.occurred_on::text',
  recordDepartment: 'r.issuing_department',
  recordCategoryName: "(SELECT jsonb_build_object('zh', c.name_zh, 'en', c.name_en) FROM credit.categories c WHERE c.code = r.category_code)",
});

/** countingRecords*Many: one JSON array of fact tuples per query (json_build_array below). */
type FactTuple = [string, string, string, CreditFact['polarity'], CreditFact['severity'], IsoDate, IsoDate, CreditFact['status']];

/** SQL for schema `credit`. Functions taking `em` run in the caller's transaction. */
@Injectable()
export class CreditRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private q(em: EntityManager | null) {
    return em ?? this.dataSource;
  }

  async categories(em: EntityManager | null = null): Promise<CreditCategory[]> {
    const rows = await queryRows<CategoryRow>(this.q(em), `SELECT ${CATEGORY_COLUMNS} FROM credit.categories ORDER BY polarity, code`);
    return rows.map(toCategory);
  }

  async category(em: EntityManager | null, code: string): Promise<CreditCategory | null> {
    const row = await queryOne<CategoryRow>(this.q(em), `SELECT ${CATEGORY_COLUMNS} FROM credit.categories WHERE code = $1`, [code]);
    return row ? toCategory(row) : null;
  }

  async findRecord(em: EntityManager | null, id: string, lock = false): Promise<CreditRecord | null> {
    const row = await queryOne<RecordRow>(
      this.q(em),
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code WHERE r.id = $1
       ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id],
    );
    return row ? toRecord(row) : null;
  }

  /** Several records by id, in one query (bulk import). */
  async findRecords(em: EntityManager | null, ids: string[]): Promise<CreditRecord[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<RecordRow>(
      this.q(em),
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => toRecord(r));
  }

  /**
   * Records the public sees (DOMAIN.md §5, isPublished): active or disputed, publication end after today;
   * newest first, at most `limit`. Index: records_enterprise_idx (enterprise_id, occurred_on).
   */
  async publishedRecords(enterpriseId: string, today: IsoDate, limit: number): Promise<CreditRecord[]> {
    const rows = await queryRows<RecordRow>(
      this.dataSource,
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code
        WHERE r.enterprise_id = $1 AND r.status IN ('active', 'disputed') AND r.publish_until > $2::date
        ORDER BY r.occurred_on DESC, r.id DESC LIMIT $3`,
      [enterpriseId, today, limit],
    );
    return rows.map((r) => toRecord(r, today));
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
    const rows = await queryRows<RecordRow>(
      this.dataSource,
      `SELECT ${RECORD_COLUMNS} FROM credit.records r JOIN credit.categories c ON c.code = r.category_code
       WHERE ${where} ORDER BY r.occurred_on DESC, r.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map((r) => toRecord(r));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.occurredOn, last.id]) : null };
  }

  /** Records that count for grading on `asOf`: active or disputed, or repaired after that date. Revoked never count. */
  async countingRecords(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<CreditFact[]> {
    return queryRows<CreditFact>(
      this.q(em),
      `SELECT ${selectList<CreditFact>({
        id: 'id',
        categoryCode: 'category_code',
        polarity: 'polarity',
        severity: 'severity',
        occurredOn: 'occurred_on::text',
        publishUntil: 'publish_until::text',
        status: `CASE WHEN status = 'repaired' THEN 'active' ELSE status END`,
      })}
         FROM credit.records
        WHERE enterprise_id = $1 AND occurred_on <= $2::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $2::date))
        ORDER BY occurred_on, id`,
      [enterpriseId, asOf],
    );
  }

  /**
   * countingRecords for many enterprises in one query (full regrade). Each record's status is given as of `asOf`
   * (repaired after that date → active). One JSON value comes back: row decoding dominates otherwise.
   */
  async countingRecordsMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, CreditFact[]>> {
    const result = new Map<string, CreditFact[]>(enterpriseIds.map((id) => [id, []]));
    if (enterpriseIds.length === 0) return result;
    const sorted = [...enterpriseIds].sort();
    const row = await querySingle<{ facts: string }>(
      this.dataSource,
      `SELECT coalesce(json_agg(json_build_array(enterprise_id, id, category_code, polarity, severity, occurred_on, publish_until,
                CASE WHEN status = 'repaired' THEN 'active' ELSE status END)), '[]')::text AS facts
         FROM credit.records
        WHERE enterprise_id BETWEEN $2::uuid AND $3::uuid AND enterprise_id = ANY($1::uuid[])
          AND occurred_on <= $4::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $4::date))`,
      [enterpriseIds, sorted[0], sorted[sorted.length - 1], asOf],
    );
    for (const [enterpriseId, id, categoryCode, polarity, severity, occurredOn, publishUntil, status] of JSON.parse(row.facts) as FactTuple[]) {
      result.get(enterpriseId)?.push({ id, categoryCode, polarity, severity, occurredOn, publishUntil, status });
    }
    return result;
  }

  /** countingRecords of every enterprise whose id is in (afterId, toId], for walking the register in id order. */
  async countingRecordsInIdRange(afterId: string, toId: string, asOf: IsoDate, em?: EntityManager): Promise<Map<string, CreditFact[]>> {
    const result = new Map<string, CreditFact[]>();
    const row = await querySingle<{ facts: string }>(
      em ?? this.dataSource,
      `SELECT coalesce(json_agg(json_build_array(enterprise_id, id, category_code, polarity, severity, occurred_on, publish_until,
                CASE WHEN status = 'repaired' THEN 'active' ELSE status END)), '[]')::text AS facts
         FROM credit.records
        WHERE enterprise_id > $1::uuid AND enterprise_id <= $2::uuid AND occurred_on <= $3::date
          AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > $3::date))`,
      [afterId, toId, asOf],
    );
    for (const [enterpriseId, id, categoryCode, polarity, severity, occurredOn, publishUntil, status] of JSON.parse(row.facts) as FactTuple[]) {
      let list = result.get(enterpriseId);
      if (!list) result.set(enterpriseId, (list = []));
      list.push({ id, categoryCode, polarity, severity, occurredOn, publishUntil, status });
    }
    return result;
  }

  async heavierPenaltiesSince(em: EntityManager | null, enterpriseId: string, since: IsoDate): Promise<number> {
    const row = await querySingle<{ n: number }>(
      this.q(em),
      `SELECT count(*)::int AS n FROM credit.records
        WHERE enterprise_id = $1 AND occurred_on >= $2::date
          AND category_code IN (SELECT code FROM credit.categories WHERE grounds_listing)
          AND status IN ('active', 'disputed')`,
      [enterpriseId, since],
    );
    return row.n;
  }

  async findObjection(em: EntityManager | null, id: string): Promise<CreditObjection | null> {
    const row = await queryOne<ObjectionRow>(
      this.q(em),
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id WHERE o.id = $1`,
      [id],
    );
    return row ? toObjection(row) : null;
  }

  async objectionsOf(recordId: string): Promise<CreditObjection[]> {
    const rows = await queryRows<ObjectionRow>(
      this.dataSource,
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id
        WHERE o.record_id = $1 ORDER BY o.raised_at`,
      [recordId],
    );
    return rows.map((r) => toObjection(r));
  }

  async openObjections(opts: { overdueOn?: IsoDate; limit?: number }): Promise<CreditObjection[]> {
    const params: unknown[] = [Math.min(opts.limit ?? 200, 1000)];
    let where = `o.status = 'open'`;
    if (opts.overdueOn) {
      params.push(opts.overdueOn);
      where += ` AND o.deadline < $2::date`;
    }
    const rows = await queryRows<ObjectionRow>(
      this.dataSource,
      `SELECT ${OBJECTION_COLUMNS} FROM credit.objections o JOIN credit.records r ON r.id = o.record_id
        WHERE ${where} ORDER BY o.deadline, o.raised_at LIMIT $1`,
      params,
    );
    return rows.map((r) => toObjection(r));
  }
}
