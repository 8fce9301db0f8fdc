import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesGrant } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { normalizeCode } from '#qcr/identifiers';
import { type Actor, decodeCursor, encodeCursor, inTransaction, type Page, Permission, problem, queryOne, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type EnterpriseRef,
  type EnterpriseRow,
  type EnterpriseStatus,
  type EnterpriseVersion,
  type EnterpriseView,
  type PublicEnterpriseView,
  REF_COLUMNS,
  ROW_COLUMNS,
} from './enterprise.types.js';
import { toPublicView, toStaffView } from './enterprise-views.js';
import { invalidCodeProblem } from './code-problems.js';
import { EnterpriseProblems } from './enterprises.problems.js';
import { PersonalDataCipher, sealedKeyId } from './personal-data.js';
import { ReferenceCache } from './reference-cache.js';

export interface EnterpriseSearch {
  q?: string;
  region?: string;
  industry?: string;
  status?: EnterpriseStatus;
  cursor?: string;
  limit?: number;
  /** also count the matches (all pages, up to SEARCH_TOTAL_CAP): one more statement, for the public search's "找到 N 家" */
  withTotal?: boolean;
}

type Queryable = Pick<EntityManager, 'query'>;

/** Public search counts matches up to this many (see search). */
export const SEARCH_TOTAL_CAP = 10_000;

/**
 * SQL condition matching a normalised code ($n) to a row: a USCC matches its own row,
 * or the org-code-only row it would attach to; an org code matches its row.
 */
const CODE_MATCH = (p: string) =>
  `((length(${p}) = 18 AND (e.uscc = ${p} OR (e.uscc IS NULL AND e.org_code = substr(${p}, 9, 9))))
    OR (length(${p}) = 9 AND e.org_code = ${p}))`;

/** Reads of enterprise records: the facade other contexts use, and the staff and public views. */
@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
    private readonly reference: ReferenceCache,
    private readonly audit: AuditLog,
  ) {}

  // ---- contract (docs/contracts.md) ----

  /** Any normalisable USCC or organisation code → the enterprise, or null. */
  /**
   * The hot path of every check. Same answer as CODE_MATCH, but one plain index probe per query instead of a
   * BitmapOr over both unique indexes: a USCC is looked up by itself, and only when no record carries it by the
   * organisation code it embeds (a record registered before its USCC was attached); a 9-character code by org_code.
   */
  async resolve(code: string): Promise<EnterpriseRef | null> {
    const normal = normalizeCode(code);
    if (normal.length === 9) {
      return queryOne<EnterpriseRef>(this.db, `SELECT ${REF_COLUMNS} FROM enterprises.enterprises e WHERE e.org_code = $1`, [normal]);
    }
    if (normal.length !== 18) return null;
    return queryOne<EnterpriseRef>(
      this.db,
      `(SELECT ${REF_COLUMNS} FROM enterprises.enterprises e WHERE e.uscc = $1)
       UNION ALL
       (SELECT ${REF_COLUMNS} FROM enterprises.enterprises e WHERE e.org_code = substr($1, 9, 9) AND e.uscc IS NULL)
       LIMIT 1`,
      [normal],
    );
  }

  /** Keyed by the normalised input code; unknown codes are absent. One query. */
  async resolveMany(codes: string[]): Promise<Map<string, EnterpriseRef>> {
    const normal = [...new Set(codes.map(normalizeCode).filter((c) => c.length === 18 || c.length === 9))];
    const result = new Map<string, EnterpriseRef>();
    if (normal.length === 0) return result;
    const rows: (EnterpriseRef & { code: string })[] = await this.db.query(
      `SELECT c.code, ${REF_COLUMNS} FROM unnest($1::text[]) AS c(code) JOIN enterprises.enterprises e ON e.uscc = c.code
       UNION ALL
       SELECT c.code, ${REF_COLUMNS} FROM unnest($1::text[]) AS c(code)
         JOIN enterprises.enterprises e ON e.org_code = CASE WHEN length(c.code) = 18 THEN substr(c.code, 9, 9) ELSE c.code END
        WHERE length(c.code) = 9 OR e.uscc IS NULL`,
      [normal],
    );
    for (const { code, ...ref } of rows) if (!result.has(code)) result.set(code, ref);
    return result;
  }

  async getRef(id: string): Promise<EnterpriseRef | null> {
    return queryOne<EnterpriseRef>(this.db, `SELECT ${REF_COLUMNS} FROM enterprises.enterprises e WHERE e.id = $1`, [id]);
  }

  /** Keyed by id; unknown ids are absent. One query (list views naming their enterprises). */
  async getRefs(ids: string[]): Promise<Map<string, EnterpriseRef>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: EnterpriseRef[] = await this.db.query(`SELECT ${REF_COLUMNS} FROM enterprises.enterprises e WHERE e.id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * The legal representative now: idHash is the keyed digest (HMAC under key `keyId`) of the normalised ID number,
   * never the number; `version` is the enterprise version it was read from — the reference audit entries keep.
   */
  async legalRepresentative(
    em: EntityManager | null,
    enterpriseId: string,
  ): Promise<{ name: string; idHash: string | null; keyId: string | null; version: number } | null> {
    const row = await queryOne<{ name: string | null; idHash: string | null; enc: string | null; version: number }>(
      em ?? this.db,
      `SELECT legal_rep_name AS name, legal_rep_id_hash AS "idHash", legal_rep_id_enc AS enc, version FROM enterprises.enterprises WHERE id = $1`,
      [enterpriseId],
    );
    if (!row?.name) return null;
    return { name: row.name, idHash: row.enc ? row.idHash : null, keyId: row.enc ? sealedKeyId(row.enc) : null, version: row.version };
  }

  /** The current-key digest of the ID number an enterprise version recorded (re-digesting listings on key rotation). */
  async legalRepDigestAt(em: EntityManager, enterpriseId: string, version: number): Promise<string | null> {
    const v = await queryOne<{ enc: string | null }>(
      em,
      `SELECT data->>'legal_rep_id_enc' AS enc FROM enterprises.enterprise_versions WHERE enterprise_id = $1 AND version = $2`,
      [enterpriseId, version],
    );
    return v?.enc ? this.cipher.digest(this.cipher.decrypt(v.enc)) : null;
  }

  // ---- staff and public reads ----

  /** The current row, or the version in force on `asOf` (YYYY-MM-DD, China time). */
  async findRow(code: string, asOf?: string, em: Queryable = this.db): Promise<EnterpriseRow> {
    const normal = normalizeCode(code);
    const [current]: EnterpriseRow[] =
      normal.length === 18 || normal.length === 9
        ? await em.query(`SELECT ${ROW_COLUMNS} FROM enterprises.enterprises e WHERE ${CODE_MATCH('$1')} LIMIT 1`, [normal])
        : [];
    if (!current) throw invalidCodeProblem(code) ?? problem(EnterpriseProblems.notFound, `no enterprise with code ${normal}`);
    if (!asOf) return current;
    const [past]: EnterpriseRow[] = await em.query(
      `SELECT ${ROW_COLUMNS} FROM (
         SELECT (jsonb_populate_record(NULL::enterprises.enterprises, v.data)).*
           FROM enterprises.enterprise_versions v
          WHERE v.enterprise_id = $1 AND v.effective_on <= $2::date
          ORDER BY v.effective_on DESC, v.version DESC LIMIT 1) e`,
      [current.id, asOf],
    );
    if (!past) throw problem(EnterpriseProblems.notYetRegistered, `enterprise ${normal} has no record on or before ${asOf}`);
    return past;
  }

  async view(actor: Actor, code: string, asOf?: string): Promise<EnterpriseView> {
    return this.toView(actor, await this.findRow(code, asOf));
  }

  async publicView(code: string): Promise<PublicEnterpriseView> {
    return toPublicView(await this.findRow(code), await this.reference.get());
  }

  async toView(actor: Actor, row: EnterpriseRow): Promise<EnterpriseView> {
    return toStaffView(row, await this.reference.get(), this.cipher, this.showsPersonalData(actor));
  }

  private showsPersonalData(actor: Actor): boolean {
    return actor.kind === 'staff' && rolesGrant(actor.roles, Permission.PersonalDataRead);
  }

  /**
   * Reads of personal data by staff are audited (issue 13): who (the entry's actor), which enterprise (entity id)
   * and which fields were shown in full. One entry per record shown, none for readers who only see masks.
   */
  async auditPersonalReads(actor: Actor, rows: EnterpriseRow[], asOf?: string): Promise<void> {
    if (!this.showsPersonalData(actor)) return;
    const changes = rows.flatMap((r) => {
      const fields = [...(r.legalRepIdEnc ? ['legalRepresentative.idNumber'] : []), ...(r.legalRepPhone ? ['legalRepresentative.phone'] : [])];
      return fields.length === 0
        ? []
        : [{ action: 'personal-data.read', entityType: 'enterprise', entityId: r.id, after: { fields, version: r.version, ...(asOf && { asOf }) } }];
    });
    if (changes.length > 0) await inTransaction(this.db, (em) => this.audit.recordMany(em, actor, changes));
  }

  async history(code: string): Promise<EnterpriseVersion[]> {
    const row = await this.findRow(code);
    return this.db.query(
      `SELECT v.version, to_char(v.effective_on, 'YYYY-MM-DD') AS "effectiveOn", v.recorded_at AS "recordedAt", v.change, v.reason,
              v.actor_id AS "actorId", v.actor_name AS "actorName", v.data->>'name' AS name, v.data->>'uscc' AS uscc, v.data->>'status' AS status
         FROM enterprises.enterprise_versions v WHERE v.enterprise_id = $1 ORDER BY v.version`,
      [row.id],
    );
  }

  /**
   * Name search (pg_trgm: substring for Chinese fragments, similarity for small typos),
   * filters, keyset pagination. With q: best match first; without: by name. Ties by id.
   */
  async search(actor: Actor, query: EnterpriseSearch): Promise<Page<EnterpriseView> & { total?: number; totalCapped?: boolean }> {
    const limit = Math.min(query.limit ?? 20, 100);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    const q = query.q?.trim();
    let rank = '0';
    if (q) {
      const qp = p(q);
      const like = p(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(e.name ILIKE ${like} OR e.name % ${qp})`);
      rank = `(CASE WHEN e.name = ${qp} THEN 1000 WHEN e.name ILIKE ${like} THEN 500 ELSE 0 END + round(similarity(e.name, ${qp}) * 100))::int`;
    }
    if (query.region) {
      const r = query.region;
      if (r.endsWith('0000')) where.push(`left(e.region_code, 2) = ${p(r.slice(0, 2))}`);
      else if (r.endsWith('00')) where.push(`left(e.region_code, 4) = ${p(r.slice(0, 4))}`);
      else where.push(`e.region_code = ${p(r)}`);
    }
    if (query.industry) where.push(`left(e.industry_code, ${query.industry.length}) = ${p(query.industry)}`);
    if (query.status) where.push(`e.status = ${p(query.status)}`);
    // the filter without the cursor: its parameters are the first ones pushed
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const filterParams = [...params];
    const cursor = decodeCursor(query.cursor, q ? ['int', 'uuid'] : ['text', 'uuid']);
    if (cursor) {
      where.push(
        q
          ? `(${rank} < ${p(cursor[0])} OR (${rank} = ${p(cursor[0])} AND e.id > ${p(cursor[1])}))`
          : `(e.name, e.id) > (${p(cursor[0])}, ${p(cursor[1])}::uuid)`,
      );
    }
    const order = q ? `rank DESC, e.id` : `e.name, e.id`;
    const rows: (EnterpriseRow & { rank: number })[] = await this.db.query(
      `SELECT ${ROW_COLUMNS}, ${rank} AS rank FROM enterprises.enterprises e
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    await this.auditPersonalReads(actor, page);
    const items = await Promise.all(page.map((r) => this.toView(actor, r)));
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor([q ? last.rank : last.name, last.id]) : null;
    if (!query.withTotal) return { items, nextCursor };
    // Counted up to a cap: a public query such as 有限公司 matches nearly the whole register, and an exact count
    // would read every matching row on each anonymous request. Past the cap the answer says "more than".
    const { total } = await querySingle<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM enterprises.enterprises e ${filter} LIMIT ${SEARCH_TOTAL_CAP + 1}) m`,
      filterParams,
    );
    return { items, nextCursor, total: Math.min(total, SEARCH_TOTAL_CAP), totalCapped: total > SEARCH_TOTAL_CAP };
  }
}
