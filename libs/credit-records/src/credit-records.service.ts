import { Injectable } from '@nestjs/common';
import { SeparationOfDuties } from '#qcr/access';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { EnterprisesService, type EnterpriseRef, invalidCodeProblem } from '#qcr/enterprises';
import {
  type Actor,
  addDays,
  DomainEvents,
  inTransaction,
  isIsoDate,
  type IsoDate,
  isPgError,
  type Page,
  PG,
  problem,
  queryChanged,
  queryRows,
  querySingle,
  todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { CreditProblems } from './credit.problems.js';
import {
  CREDIT_RECORD_CHANGED,
  CREDIT_RECORD_REVOKED,
  type CreditFact,
  type CreditObjection,
  type CreditRecord,
  type CreditRecordRevokedEvent,
  LISTING_GROUND_CATEGORY,
} from './credit.types.js';
import type { CorrectionsDto, CreateCreditRecordDto, ResolveObjectionDto } from './credit-records.dto.js';
import { CreditRecordsRepository } from './credit-records.repository.js';
import { defaultPublishUntil } from './publication.js';

/** DOMAIN.md §5: an objection is resolved within 15 days by default. */
export const OBJECTION_DAYS = 15;

/**
 * Quality credit information: records, their status transitions and objections.
 * Every write is audited and publishes `credit.record-changed` in its transaction,
 * so grading re-grades the enterprise before the write returns.
 */
@Injectable()
export class CreditRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CreditRecordsRepository,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly sod: SeparationOfDuties,
  ) {}

  // ---- contract #qcr/credit-records -------------------------------------------------------

  /** Records that count for grading on `asOf` (active/disputed, or repaired only after `asOf`). */
  countingRecords(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<CreditFact[]> {
    return this.repo.countingRecords(em, enterpriseId, asOf);
  }

  /**
   * Occurrence and repair dates of the enterprise's records that ever count (not revoked), for a grade-history
   * rebuild that walks the dates where anything changed (issue 15); the caller adds the windows of its model.
   */
  async recordDates(em: EntityManager | null, enterpriseId: string): Promise<Array<{ occurredOn: IsoDate; repairedOn: IsoDate | null }>> {
    const rows: Array<{ occurred_on: string; repaired_on: string | null }> = await (em ?? this.dataSource).query(
      `SELECT occurred_on::text AS occurred_on, repaired_on::text AS repaired_on FROM credit.records
        WHERE enterprise_id = $1 AND status <> 'revoked' ORDER BY occurred_on`,
      [enterpriseId],
    );
    return rows.map((r) => ({ occurredOn: r.occurred_on, repairedOn: r.repaired_on }));
  }

  /** countingRecords for many enterprises in one query; every requested id is a key. */
  countingRecordsMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, CreditFact[]>> {
    return this.repo.countingRecordsMany(enterpriseIds, asOf);
  }

  /** countingRecords of every enterprise with id in (afterId, toId] (enterprises without records are absent). */
  /** `em`: a connection of the caller's (a regrade reads on its own bulk connection). */
  countingRecordsInIdRange(afterId: string, toId: string, asOf: IsoDate, em?: EntityManager): Promise<Map<string, CreditFact[]>> {
    return this.repo.countingRecordsInIdRange(afterId, toId, asOf, em);
  }

  /** Heavier administrative penalties occurred on or after `since` that still stand. */
  heavierPenaltiesSince(em: EntityManager | null, enterpriseId: string, since: IsoDate): Promise<number> {
    return this.repo.heavierPenaltiesSince(em, enterpriseId, since);
  }

  // ---- reads ----------------------------------------------------------------------------

  async resolveEnterprise(code: string): Promise<EnterpriseRef> {
    const ref = await this.enterprises.resolve(code);
    if (!ref) throw invalidCodeProblem(code) ?? problem(CreditProblems.enterpriseNotFound, `no enterprise with code ${code}`);
    return ref;
  }

  async list(code: string, query: { status?: string; cursor?: string; limit?: number }): Promise<Page<CreditRecord>> {
    const ref = await this.resolveEnterprise(code);
    return this.repo.listRecords(ref.id, query);
  }

  /** 公示: the records within their publication period, for the public card (public-register allow-lists the fields). */
  publishedRecords(enterpriseId: string, today: IsoDate, limit = 100): Promise<CreditRecord[]> {
    return this.repo.publishedRecords(enterpriseId, today, limit);
  }

  async get(id: string): Promise<CreditRecord> {
    const record = await this.repo.findRecord(null, id);
    if (!record) throw problem(CreditProblems.recordNotFound, `no credit record ${id}`);
    return record;
  }

  objections(recordId: string): Promise<CreditObjection[]> {
    return this.repo.objectionsOf(recordId);
  }

  /** Open objections by deadline, each with its enterprise's name and codes (one more query for the list). */
  async openObjections(overdueOnly: boolean): Promise<CreditObjection[]> {
    const objections = await this.repo.openObjections({ overdueOn: overdueOnly ? todayInChina() : undefined });
    const refs = await this.enterprises.getRefs(objections.map((o) => o.enterpriseId));
    return objections.map((o) => {
      const ref = refs.get(o.enterpriseId);
      return { ...o, enterprise: ref ? { name: ref.name, uscc: ref.uscc, orgCode: ref.orgCode } : null };
    });
  }

  // ---- writes ---------------------------------------------------------------------------

  async create(actor: Actor, code: string, dto: CreateCreditRecordDto): Promise<CreditRecord> {
    const ref = await this.resolveEnterprise(code);
    return inTransaction(this.dataSource, async (em) => {
      const { record } = await this.insert(em, actor, ref.id, dto, 'manual', false);
      return record;
    });
  }

  /**
   * Inserts one record in the caller's transaction. With `skipDuplicate` an existing record with the same
   * (enterprise, category, document number) is returned unchanged (idempotent import).
   */
  async insert(
    em: EntityManager,
    actor: Actor,
    enterpriseId: string,
    dto: CreateCreditRecordDto,
    source: 'manual' | 'import' | 'partner',
    skipDuplicate: boolean,
  ): Promise<{ record: CreditRecord; created: boolean }> {
    const category = await this.repo.category(em, dto.categoryCode);
    if (!category || !category.active) {
      throw problem(CreditProblems.unknownCategory, `unknown credit category ${dto.categoryCode}`, [
        { field: 'categoryCode', rule: 'category', message: `unknown credit category ${dto.categoryCode}` },
      ]);
    }
    const today = todayInChina();
    if (!isIsoDate(dto.occurredOn) || dto.occurredOn > today) {
      throw problem(CreditProblems.badDates, 'occurredOn must be a real date, not in the future', [
        { field: 'occurredOn', rule: 'notFuture', message: 'occurredOn must be a real date, not in the future' },
      ]);
    }
    const publishUntil = dto.publishUntil ?? defaultPublishUntil(dto.occurredOn, category);
    if (!isIsoDate(publishUntil) || publishUntil <= dto.occurredOn) {
      throw problem(CreditProblems.badDates, 'publishUntil must be after occurredOn', [
        { field: 'publishUntil', rule: 'afterOccurred', message: 'publishUntil must be after occurredOn' },
      ]);
    }
    let id: string | undefined;
    try {
      const rows = await queryRows<{ id: string }>(
        em,
        `INSERT INTO credit.records (enterprise_id, category_code, severity, polarity, occurred_on, publish_until, document_number,
           issuing_department, legal_basis, description, source, strict_repair, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
         ${skipDuplicate ? 'ON CONFLICT ON CONSTRAINT records_document_unique DO NOTHING' : ''}
         RETURNING id`,
        [
          enterpriseId,
          category.code,
          category.severity,
          category.polarity,
          dto.occurredOn,
          publishUntil,
          dto.documentNumber.trim(),
          dto.issuingDepartment.trim(),
          dto.legalBasis.trim(),
          dto.description ?? '',
          source,
          dto.strictRepair ?? false,
          actor.id,
        ],
      );
      id = rows[0]?.id;
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) {
        throw problem(CreditProblems.duplicate, `document ${dto.documentNumber} is already recorded under ${dto.categoryCode}`);
      }
      if (isPgError(err, PG.foreignKeyViolation)) throw problem(CreditProblems.enterpriseNotFound);
      throw err;
    }
    if (!id) {
      const existing = await querySingle<{ id: string }>(
        em,
        `SELECT id FROM credit.records WHERE enterprise_id = $1 AND category_code = $2 AND document_number = $3`,
        [enterpriseId, category.code, dto.documentNumber.trim()],
      );
      return { record: (await this.repo.findRecord(em, existing.id))!, created: false };
    }
    const record = (await this.repo.findRecord(em, id))!;
    await this.audit.record(em, actor, { action: 'credit.record.create', entityType: 'credit_record', entityId: id, after: record });
    await this.events.publish(em, { type: CREDIT_RECORD_CHANGED, enterpriseId, recordId: id });
    return { record, created: true };
  }

  /** 信用修复: only an active negative record, and only after the category's minimum publication period. */
  async repair(actor: Actor, id: string, reason: string): Promise<CreditRecord> {
    return inTransaction(this.dataSource, async (em) => {
      const before = await this.mustFind(em, id);
      if (before.status !== 'active') {
        throw problem(CreditProblems.invalidTransition, `a ${before.status} record cannot be repaired`, [], { recordStatus: before.status });
      }
      if (before.repairAllowedFrom === null) throw problem(CreditProblems.notRepairable, `${before.categoryCode} information cannot be repaired`);
      const today = todayInChina();
      if (today < before.repairAllowedFrom) {
        throw problem(CreditProblems.repairTooEarly, `repair possible from ${before.repairAllowedFrom}`, [], {
          repairAllowedFrom: before.repairAllowedFrom,
        });
      }
      return this.transition(em, actor, before, 'active', `status = 'repaired', repaired_on = $3::date`, [today], 'credit.record.repair', reason);
    });
  }

  /** A record that can be revoked (active or repaired), or the problem saying why not. */
  async revocable(em: EntityManager, id: string): Promise<CreditRecord> {
    const before = await this.mustFind(em, id);
    if (before.status !== 'active' && before.status !== 'repaired') {
      throw problem(CreditProblems.invalidTransition, `a ${before.status} record cannot be revoked directly`, [], { status: before.status });
    }
    return before;
  }

  /** 撤销: the record was wrong; it never counts again. Only as the approval of a two-person decision (CreditRevocations). */
  async revokeWithin(em: EntityManager, actor: Actor, id: string, reason: string): Promise<CreditRecord> {
    const before = await this.revocable(em, id);
    return this.transition(em, actor, before, before.status, `status = 'revoked', revoked_on = $3::date`, [todayInChina()], 'credit.record.revoke', reason);
  }

  /** 异议: marks the record disputed at once; a reviewer resolves it before the deadline. */
  async raiseObjection(actor: Actor, recordId: string, reason: string, deadline?: IsoDate): Promise<CreditObjection> {
    const today = todayInChina();
    const due = deadline ?? addDays(today, OBJECTION_DAYS);
    if (!isIsoDate(due) || due < today) {
      throw problem(CreditProblems.badDates, 'deadline must not be in the past', [
        { field: 'deadline', rule: 'notPast', message: 'deadline must not be in the past' },
      ]);
    }
    return inTransaction(this.dataSource, async (em) => {
      const before = await this.mustFind(em, recordId);
      if (before.status === 'disputed') throw problem(CreditProblems.objectionOpen, 'an objection on this record is already open');
      if (before.status !== 'active') {
        throw problem(CreditProblems.invalidTransition, `a ${before.status} record cannot be objected to`, [], { status: before.status });
      }
      await this.transition(em, actor, before, 'active', `status = 'disputed'`, [], 'credit.record.dispute', reason, false);
      let objectionId: string;
      try {
        const row = await querySingle<{ id: string }>(
          em,
          `INSERT INTO credit.objections (record_id, reason, raised_by, raised_by_name, deadline) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
          [recordId, reason, actor.id, actor.name, due],
        );
        objectionId = row.id;
      } catch (err) {
        if (isPgError(err, PG.uniqueViolation)) throw problem(CreditProblems.objectionOpen);
        throw err;
      }
      const objection = (await this.repo.findObjection(em, objectionId))!;
      await this.audit.record(em, actor, { action: 'credit.objection.raise', entityType: 'credit_objection', entityId: objectionId, after: objection, reason });
      await this.events.publish(em, { type: CREDIT_RECORD_CHANGED, enterpriseId: before.enterpriseId, recordId });
      return objection;
    });
  }

  /** Upheld → corrected (back to active with the corrections) or revoked; rejected → active. Both outcomes are kept. */
  async resolveObjection(actor: Actor, objectionId: string, dto: ResolveObjectionDto): Promise<CreditObjection> {
    if (dto.decision === 'upheld' && !dto.outcome) {
      throw problem(CreditProblems.invalidTransition, 'an upheld objection needs an outcome: corrected or revoked', [
        { field: 'outcome', rule: 'required', message: 'outcome is required when the objection is upheld' },
      ]);
    }
    if (dto.decision === 'rejected' && (dto.outcome || dto.corrections)) {
      throw problem(CreditProblems.invalidTransition, 'a rejected objection has no outcome or corrections', [
        { field: 'outcome', rule: 'forbidden', message: 'outcome and corrections apply only to upheld objections' },
      ]);
    }
    return inTransaction(this.dataSource, async (em) => {
      const objection = await this.repo.findObjection(em, objectionId);
      if (!objection) throw problem(CreditProblems.objectionNotFound);
      if (objection.status !== 'open') throw problem(CreditProblems.objectionClosed, `objection already ${objection.status}`);
      if (objection.raisedBy === actor.id) throw problem(CreditProblems.sameActor);
      await this.sod.assertIndependent(em, actor, objection.raisedBy);
      const record = await this.mustFind(em, objection.recordId);
      const outcome = dto.decision === 'rejected' ? 'active' : dto.outcome!;
      const { count } = await queryChanged(
        em,
        `UPDATE credit.objections SET status = $2, outcome = $3, resolved_by = $4, resolved_at = now(), resolution_reason = $5, corrections = $6,
               resolved_by_name = $7
          WHERE id = $1 AND status = 'open'`,
        [objectionId, dto.decision, outcome, actor.id, dto.reason, dto.corrections ? JSON.stringify(dto.corrections) : null, actor.name],
      );
      if (count !== 1) throw problem(CreditProblems.objectionClosed);

      if (outcome === 'revoked') {
        await this.transition(
          em,
          actor,
          record,
          'disputed',
          `status = 'revoked', revoked_on = $3::date`,
          [todayInChina()],
          'credit.record.revoke',
          dto.reason,
          false,
        );
      } else if (outcome === 'corrected') {
        const { set, params } = this.corrections(record, dto.corrections ?? {});
        await this.transition(em, actor, record, 'disputed', `status = 'active'${set}`, params, 'credit.record.correct', dto.reason, false);
      } else {
        await this.transition(em, actor, record, 'disputed', `status = 'active'`, [], 'credit.record.undispute', dto.reason, false);
      }
      const after = (await this.repo.findObjection(em, objectionId))!;
      await this.audit.record(em, actor, {
        action: `credit.objection.${dto.decision}`,
        entityType: 'credit_objection',
        entityId: objectionId,
        before: objection,
        after,
        reason: dto.reason,
      });
      await this.events.publish(em, { type: CREDIT_RECORD_CHANGED, enterpriseId: record.enterpriseId, recordId: record.id });
      return after;
    });
  }

  // ---- helpers --------------------------------------------------------------------------

  private corrections(record: CreditRecord, c: CorrectionsDto): { set: string; params: unknown[] } {
    const occurredOn = c.occurredOn ?? record.occurredOn;
    const publishUntil = c.publishUntil ?? record.publishUntil;
    if (!isIsoDate(occurredOn) || !isIsoDate(publishUntil) || publishUntil <= occurredOn || occurredOn > todayInChina()) {
      throw problem(CreditProblems.badDates, 'corrected dates are not consistent');
    }
    const fields: Array<[string, unknown]> = [];
    if (c.occurredOn) fields.push(['occurred_on', c.occurredOn]);
    if (c.publishUntil) fields.push(['publish_until', c.publishUntil]);
    if (c.documentNumber) fields.push(['document_number', c.documentNumber]);
    if (c.legalBasis) fields.push(['legal_basis', c.legalBasis]);
    if (c.description !== undefined) fields.push(['description', c.description]);
    // $1 = id, $2 = expected status; corrections start at $3
    return { set: fields.map(([col], i) => `, ${col} = $${i + 3}`).join(''), params: fields.map(([, v]) => v) };
  }

  private async mustFind(em: EntityManager, id: string): Promise<CreditRecord> {
    const record = await this.repo.findRecord(em, id, true);
    if (!record) throw problem(CreditProblems.recordNotFound, `no credit record ${id}`);
    return record;
  }

  /** Guarded UPDATE … WHERE status = expected; audits and (unless told otherwise) publishes the change. */
  private async transition(
    em: EntityManager,
    actor: Actor,
    before: CreditRecord,
    expected: string,
    set: string,
    params: unknown[],
    action: string,
    reason: string,
    publish = true,
  ): Promise<CreditRecord> {
    let count: number;
    try {
      [, count] = await em.query(`UPDATE credit.records SET ${set}, version = version + 1, updated_at = now() WHERE id = $1 AND status = $2`, [
        before.id,
        expected,
        ...params,
      ]);
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) throw problem(CreditProblems.duplicate);
      if (isPgError(err, PG.checkViolation)) throw problem(CreditProblems.badDates);
      throw err;
    }
    if (count !== 1) throw problem(CreditProblems.stale, 'the record changed meanwhile; reload and retry');
    const after = (await this.repo.findRecord(em, before.id))!;
    await this.audit.record(em, actor, { action, entityType: 'credit_record', entityId: before.id, before, after, reason });
    if (publish) await this.events.publish(em, { type: CREDIT_RECORD_CHANGED, enterpriseId: before.enterpriseId, recordId: before.id });
    if (after.status === 'revoked' && before.status !== 'revoked') {
      const revoked: CreditRecordRevokedEvent = {
        type: CREDIT_RECORD_REVOKED,
        enterpriseId: after.enterpriseId,
        recordId: after.id,
        categoryCode: after.categoryCode,
        documentNumber: after.documentNumber,
        groundsListing: after.categoryCode === LISTING_GROUND_CATEGORY,
        revokedBy: { id: actor.id, name: actor.name },
      };
      await this.events.publish(em, revoked);
    }
    return after;
  }
}
