import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryChanged, queryOne, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { ACTIVE_ON, STATUS_ON } from './blacklist-reader.js';
import type { ListingStatus } from './listing-rules.js';
import type { ListingPatch, ListingStep } from './listing.aggregate.js';
import type { ListingEventRow, ListingFilter, ListingRow, ListTypeRow, PublicFilter, StatementRow } from './listing-rows.js';

type Db = EntityManager | DataSource;

const DATE_COLUMNS = [
  'penalty_decided_on',
  'notice_date',
  'statement_deadline',
  'start_date',
  'planned_end_date',
  'ended_on',
  'requested_start_date',
  'consent_date',
] as const;

/** Dates leave the database as YYYY-MM-DD text, never as a JS Date shifted by a time zone. */
const LISTING_COLUMNS = (today: string) => `
  l.id, l.seq, l.enterprise_id, l.enterprise_name, l.enterprise_uscc, l.enterprise_org_code, l.enterprise_region_code, l.list_type,
  t.name_zh, t.name_en, l.status,
  ${STATUS_ON('l', today)} AS effective_status,
  l.type_duration_years, l.type_statement_days, l.type_repair_min_years,
  l.reason, l.legal_basis, l.penalty_document_number, l.penalty_authority, l.penalty_on_record,
  l.legal_rep_name, l.legal_rep_id_hash, l.legal_rep_version, l.proposed_by, l.proposed_by_name, l.proposed_at,
  l.notified_by, l.notified_at, l.statement_waived, l.decision_number, l.deciding_authority,
  l.decided_by, l.decided_by_name, l.decided_at, l.drop_reason, l.dropped_by, l.dropped_at,
  l.end_kind, l.end_reason, l.ended_by, l.ended_at,
  l.deciding_authority_id, l.consent_authority_id, l.consented_by, l.consented_by_name, l.consented_at,
  ${DATE_COLUMNS.map((c) => `to_char(l.${c}, 'YYYY-MM-DD') AS ${c}`).join(', ')},
  EXISTS (SELECT 1 FROM blacklist.repair_applications r WHERE r.listing_id = l.id AND r.status = 'pending') AS pending_repair`;

/** The persons a decision records (issue 18): the legal representative on `on`, and those the decision names. */
export interface ResponsiblePersons {
  enterpriseId: string;
  on: string;
  named: { personId: string; role: string }[];
}

/** A proposal (拟列入) as ListingsService.propose files it. */
export type NewListing = Pick<
  ListingRow,
  | 'enterprise_id'
  | 'enterprise_name'
  | 'enterprise_uscc'
  | 'enterprise_org_code'
  | 'enterprise_region_code'
  | 'list_type'
  | 'reason'
  | 'legal_basis'
  | 'penalty_document_number'
  | 'penalty_decided_on'
  | 'penalty_authority'
  | 'penalty_on_record'
  | 'legal_rep_name'
  | 'legal_rep_id_hash'
  | 'legal_rep_version'
  | 'proposed_by'
  | 'proposed_by_name'
  | 'proposed_at'
> & { status: 'proposed'; legal_rep_key_id: string | null };

/** `, col = $n` for each column the step changes; the names come from the typed patch (ListingPatch), never from input. */
function patchAssignments(patch: ListingPatch, param: (v: unknown) => string): string {
  return (Object.keys(patch) as (keyof ListingPatch)[]).map((col) => `, ${col} = ${param(patch[col])}`).join('');
}

/** The listing's SQL (repair applications: RepairApplications). Transitions are guarded by the status they start from. */
@Injectable()
export class ListingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listType(db: Db | null, code: string): Promise<ListTypeRow | null> {
    return queryOne<ListTypeRow>(db ?? this.dataSource, 'SELECT * FROM blacklist.list_types WHERE code = $1', [code]);
  }

  async insert(em: EntityManager, values: NewListing): Promise<string> {
    const cols = Object.keys(values);
    const row = await querySingle<{ id: string }>(
      em,
      `INSERT INTO blacklist.listings (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(values),
    );
    return row.id;
  }

  /** 报经上一级同意: decisions waiting for one of these authorities, oldest decision first (partial index). */
  async awaitingConsent(authorityIds: string[], today: string): Promise<ListingRow[]> {
    if (authorityIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${LISTING_COLUMNS('$2')} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE l.status = 'awaiting_consent' AND l.consent_authority_id = ANY($1::uuid[]) ORDER BY l.decided_at, l.seq LIMIT 500`,
      [authorityIds, today],
    );
  }

  async find(db: Db | null, id: string, today: string): Promise<ListingRow | null> {
    return queryOne<ListingRow>(
      db ?? this.dataSource,
      `SELECT ${LISTING_COLUMNS('$2')} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type WHERE l.id = $1`,
      [id, today],
    );
  }

  /**
   * Persists a lifecycle step as the aggregate returned it: `UPDATE … WHERE status = ANY(from)`, so of two concurrent
   * clicks only one finds the row in the starting state; the other gets false and answers 409.
   */
  async transition(em: EntityManager, id: string, step: ListingStep): Promise<boolean> {
    const params: unknown[] = [id, [...step.from], step.to];
    const assignments = patchAssignments(step.patch, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const { count } = await queryChanged<{ id: string }>(
      em,
      `UPDATE blacklist.listings SET status = $3, updated_at = now()${assignments}
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      params,
    );
    return count === 1;
  }

  /** `find`, locked FOR UPDATE OF the listing, with extra columns (SQL over `l`/`t`, parameters from $3) in the same round trip. */
  async findForUpdate<X extends object>(
    em: EntityManager,
    id: string,
    today: string,
    extra: Record<keyof X & string, string>,
    params: unknown[],
  ): Promise<(ListingRow & X) | null> {
    const cols = Object.entries<string>(extra)
      .map(([name, sql]) => `, ${sql} AS ${name}`)
      .join('');
    // The row lock first, then whatever the extra columns lock (the enterprise's grade lock): in one SELECT … FOR
    // UPDATE the target list is evaluated before the row is locked, the opposite order to every other listing step
    // (row, then the regrade's lock) — two of them at once deadlocked (seen by the good-input fuzz).
    return queryOne<ListingRow & X>(
      em,
      `WITH locked AS MATERIALIZED (SELECT * FROM blacklist.listings WHERE id = $1 FOR UPDATE)
       SELECT ${LISTING_COLUMNS('$2')}${cols} FROM locked l JOIN blacklist.list_types t ON t.code = l.list_type`,
      [id, today, ...params],
    );
  }

  /**
   * `transition` + `recordEvent` + the caller's audit INSERT (its SQL with parameters from $1) in one statement; returns
   * the listing as `find` reads it, or undefined when it was no longer in a starting state (nothing is written then).
   */
  async transitionWith(
    em: EntityManager,
    id: string,
    step: ListingStep,
    today: string,
    audit: { sql: string; params: unknown[] },
    actor: { id: string; name: string },
    persons?: ResponsiblePersons,
  ): Promise<ListingRow | undefined> {
    const params: unknown[] = [...audit.params];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const update = `UPDATE blacklist.listings SET status = ${p(step.to)}, updated_at = now()${patchAssignments(step.patch, p)}
       WHERE id = ${p(id)} AND status = ANY(${p([...step.from])}::text[]) RETURNING *`;
    // Issue 18 in the same statement (issue 21): the legal representative on the day (enterprises.officers_on, the
    // enterprises context's published read) and the persons the decision names, recorded on the listing; the history
    // row names them by id and role only.
    const recorded = persons
      ? `, p AS (INSERT INTO blacklist.listing_persons (listing_id, person_id, role)
           SELECT u.id, c.person_id, c.role FROM u, (
             SELECT o.person_id, o.role FROM enterprises.officers_on(${p(persons.enterpriseId)}::uuid, ${p(persons.on)}::date) o WHERE o.role = 'legal_representative'
             UNION SELECT * FROM unnest(${p(persons.named.map((n) => n.personId))}::uuid[], ${p(persons.named.map((n) => n.role))}::text[])) AS c(person_id, role)
           ON CONFLICT DO NOTHING RETURNING person_id, role)`
      : '';
    const details = persons
      ? `${p(JSON.stringify(step.event.details))}::jsonb || jsonb_build_object('responsiblePersons', (SELECT coalesce(jsonb_agg(
           jsonb_build_object('personId', person_id, 'role', role) ORDER BY role COLLATE "C", person_id), '[]'::jsonb) FROM p))`
      : `${p(JSON.stringify(step.event.details))}::jsonb`;
    const event = `INSERT INTO blacklist.listing_events (listing_id, action, from_status, to_status, actor_id, actor_name, details)
       SELECT u.id, ${p(step.action)}, ${p(step.event.fromStatus)}, u.status, ${p(actor.id)}, ${p(actor.name)}, ${details} FROM u`;
    const todayParam = p(today);
    const row = await queryOne<ListingRow>(
      em,
      `WITH u AS (${update})${recorded}, h AS (${event}), a AS (${audit.sql})
       SELECT ${LISTING_COLUMNS(todayParam)} FROM u l JOIN blacklist.list_types t ON t.code = l.list_type`,
      params,
    );
    return row ?? undefined;
  }

  async recordEvent(
    em: EntityManager,
    e: { listingId: string; action: string; from: ListingStatus | null; to: ListingStatus; actorId: string; actorName: string; details: object },
  ): Promise<void> {
    await em.query(
      `INSERT INTO blacklist.listing_events (listing_id, action, from_status, to_status, actor_id, actor_name, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.listingId, e.action, e.from, e.to, e.actorId, e.actorName, JSON.stringify(e.details)],
    );
  }

  async events(id: string): Promise<ListingEventRow[]> {
    return this.dataSource.query(
      `SELECT seq, at, action, from_status, to_status, actor_id, actor_name, details
         FROM blacklist.listing_events WHERE listing_id = $1 ORDER BY seq`,
      [id],
    );
  }

  async insertStatement(
    em: EntityManager,
    s: { listingId: string; kind: string; receivedOn: string; summary: string; by: string; byName: string },
  ): Promise<string> {
    const row = await querySingle<{ id: string }>(
      em,
      `INSERT INTO blacklist.statements (listing_id, kind, received_on, summary, recorded_by, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [s.listingId, s.kind, s.receivedOn, s.summary, s.by, s.byName],
    );
    return row.id;
  }

  async statements(id: string): Promise<StatementRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, to_char(received_on, 'YYYY-MM-DD') AS received_on, summary, recorded_by, recorded_by_name, recorded_at
         FROM blacklist.statements WHERE listing_id = $1 ORDER BY recorded_at, id`,
      [id],
    );
  }

  async list(f: ListingFilter): Promise<ListingRow[]> {
    const params: unknown[] = [f.today];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (f.status) add(`${STATUS_ON('l', '$1')} = ?`, f.status);
    if (f.enterpriseId) add('l.enterprise_id = ?', f.enterpriseId);
    if (f.listType) add('l.list_type = ?', f.listType);
    if (f.regionPrefix) add(`l.enterprise_region_code LIKE ? || '%'`, f.regionPrefix);
    if (f.afterSeq) add('l.seq < ?', f.afterSeq);
    switch (f.queue) {
      case 'awaiting_notice':
        where.push(`l.status = 'proposed'`);
        break;
      case 'awaiting_decision':
        where.push(`l.status = 'notified'`);
        break;
      case 'deadline_passed':
        where.push(`l.status = 'notified' AND (l.statement_waived OR l.statement_deadline < $1::date)`);
        break;
      case 'awaiting_consent':
        // 报经上一级同意 (issue 24): every decision awaiting consent; the consent controller narrows it to the user's authorities
        where.push(`l.status = 'awaiting_consent'`);
        break;
      case 'repair_pending':
        where.push(`EXISTS (SELECT 1 FROM blacklist.repair_applications r WHERE r.listing_id = l.id AND r.status = 'pending')`);
        break;
      case 'revocation_pending':
        // 拟撤销 awaiting a second reviewer (issue 13 §6): the console's approval queue (issue 16)
        where.push(`EXISTS (SELECT 1 FROM blacklist.revocation_proposals p WHERE p.listing_id = l.id AND p.status = 'proposed')`);
        break;
      case undefined:
        break;
    }
    params.push(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${LISTING_COLUMNS('$1')} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Restricting today and published: what the public may see. */
  async listPublic(f: PublicFilter): Promise<ListingRow[]> {
    const params: unknown[] = [f.today];
    const where: string[] = [ACTIVE_ON('l', '$1')];
    if (f.enterpriseId) {
      params.push(f.enterpriseId);
      where.push(`l.enterprise_id = $${params.length}`);
    }
    if (f.listType) {
      params.push(f.listType);
      where.push(`l.list_type = $${params.length}`);
    }
    if (f.region) {
      // GB 32100: characters 3–8 of the USCC are the registering division (GB/T 2260); a province or
      // prefecture code (…0000, …00) covers every division under it
      const prefix = f.region.endsWith('0000') ? f.region.slice(0, 2) : f.region.endsWith('00') ? f.region.slice(0, 4) : f.region;
      params.push(`__${prefix}%`);
      where.push(`l.enterprise_uscc LIKE $${params.length}`);
    }
    if (f.from) {
      params.push(f.from);
      where.push(`l.start_date >= $${params.length}::date`);
    }
    if (f.to) {
      params.push(f.to);
      where.push(`l.start_date <= $${params.length}::date`);
    }
    if (f.after) {
      params.push(f.after[0], f.after[1]);
      where.push(`(l.start_date, l.seq) < ($${params.length - 1}::date, $${params.length}::bigint)`);
    }
    params.push(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${LISTING_COLUMNS('$1')} FROM blacklist.listings l JOIN blacklist.list_types t ON t.code = l.list_type
        WHERE ${where.join(' AND ')} ORDER BY l.start_date DESC, l.seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Listings whose planned end has come but whose expiry is not yet recorded. */
  async dueForExpiry(today: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM blacklist.listings WHERE status = 'listed' AND planned_end_date <= $1::date ORDER BY planned_end_date, seq`,
      [today],
    );
    return rows.map((r) => r.id);
  }
}
