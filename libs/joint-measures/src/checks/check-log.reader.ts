import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgenciesService } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { EnterprisesService } from '#qcr/enterprises';
import { type Actor, decodeCursor, encodeCursor, inTransaction, type Page, queryRows } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { CheckLogWriter } from './check-log.writer.js';
import type { CheckLogQueryDto } from './checks.dto.js';

export interface CheckLogEntry {
  receiptId: string;
  checkedAt: string;
  /** who asked: a partner agency (with its name) or a staff user */
  actor: { kind: string; name: string };
  agency: { id: string; code: string; name: string } | null;
  purpose: string;
  asOf: string;
  inputCode: string;
  /** about whom: null when the code is not registered */
  enterprise: { id: string; name: string; uscc: string | null; orgCode: string } | null;
  verdict: string;
  batchId: string | null;
}

/** measures.checks as the log reads it; the NOT NULL columns of the migration are not nullable here. */
interface CheckLogRow {
  receipt_id: string;
  checked_at: Date;
  actor_kind: string;
  actor_name: string;
  agency_id: string | null;
  purpose: string;
  as_of: string;
  input_code: string;
  enterprise_id: string | null;
  verdict: string;
  batch_id: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The check log for the auditor (DOMAIN.md §8 "the auditor reads the query log"): newest first,
 * paged by receipt id (UUIDv7, time-ordered: the primary key is the sort, no extra index). Reading
 * it is itself audited — who looked at whose queries is as sensitive as the queries.
 */
@Injectable()
export class CheckLogReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: CheckLogWriter,
    private readonly audit: AuditLog,
    private readonly agencies: AgenciesService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async read(actor: Actor, q: CheckLogQueryDto): Promise<Page<CheckLogEntry>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['uuid'])?.[0]; // receipt ids are uuidv7: time-ordered
    await this.writer.flush(); // checks are logged in ~100 ms batches: include every answered one
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.agency === 'staff') where.push(`c.agency_id IS NULL`);
    else if (q.agency) add(`c.agency_id = ?::uuid`, UUID.test(q.agency) ? q.agency : '00000000-0000-0000-0000-000000000000');
    if (q.actor) add(`c.actor_name = ?`, q.actor);
    if (q.enterprise) {
      const ref = await this.enterprises.resolve(q.enterprise).catch(() => null);
      if (ref) add(`c.enterprise_id = ?::uuid`, ref.id);
      else add(`c.input_code = ?`, q.enterprise.trim().toUpperCase());
    }
    if (q.purpose) add(`c.purpose = ?`, q.purpose);
    if (q.verdict) add(`c.verdict = ?`, q.verdict);
    if (q.from) add(`c.checked_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, q.from);
    if (q.to) add(`c.checked_at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, q.to);
    if (after) add(`c.receipt_id < ?::uuid`, after);
    params.push(limit + 1);
    const rows = await queryRows<CheckLogRow>(
      this.db,
      `SELECT c.receipt_id, c.checked_at, c.actor_kind, c.actor_name, c.agency_id, c.purpose, c.as_of::text AS as_of, c.input_code,
              c.enterprise_id, c.verdict, c.batch_id
         FROM measures.checks c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.receipt_id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const [agencies, refs] = await Promise.all([
      this.agencies.list(),
      this.enterprises.getRefs(page.map((r) => r.enterprise_id).filter((id): id is string => !!id)),
    ]);
    const agencyById = new Map(agencies.map((a) => [a.id, { id: a.id, code: a.code, name: a.name }]));
    const items = page.map((r): CheckLogEntry => {
      const ref = r.enterprise_id ? refs.get(r.enterprise_id) : undefined;
      return {
        receiptId: r.receipt_id,
        checkedAt: new Date(r.checked_at).toISOString(),
        actor: { kind: r.actor_kind, name: r.actor_name },
        agency: r.agency_id ? (agencyById.get(r.agency_id) ?? { id: r.agency_id, code: '?', name: '?' }) : null,
        purpose: r.purpose,
        asOf: r.as_of,
        inputCode: r.input_code,
        enterprise: ref ? { id: ref.id, name: ref.name, uscc: ref.uscc, orgCode: ref.orgCode } : null,
        verdict: r.verdict,
        batchId: r.batch_id,
      };
    });
    const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    await inTransaction(this.db, (em) =>
      this.audit.record(em, actor, { action: 'checks.log.read', entityType: 'check_log', entityId: 'query', after: { filters, returned: items.length } }),
    );
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.receiptId]) : null };
  }
}
