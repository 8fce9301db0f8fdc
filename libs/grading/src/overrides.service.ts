import { Injectable } from '@nestjs/common';
import { SeparationOfDuties } from '#qcr/access';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { EnterprisesService } from '#qcr/enterprises';
import {
  type Actor,
  addMonths,
  assertWithinJurisdiction,
  inTransaction,
  isPgError,
  PG,
  problem,
  queryChanged,
  queryOne,
  queryRows,
  querySingle,
  selectList,
  todayInChina,
} from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { GradingModels } from './grading-models.service.js';
import { GradingProblems } from './grading.problems.js';
import { GradingService } from './grading.service.js';
import type { Grade } from './model/grading-model.js';

export interface GradeOverride {
  id: string;
  enterpriseId: string;
  grade: Grade;
  reason: string;
  status: 'proposed' | 'approved' | 'rejected' | 'withdrawn';
  proposedBy: string;
  /** user names (actor.name), so the queues show who asked rather than a user id */
  proposedByName: string | null;
  reviewedByName: string | null;
  proposedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  validFrom: string | null;
  validUntil: string | null;
  /** in lists (GET /api/v1/grade-overrides): who the override is about */
  enterprise?: { name: string; uscc: string | null; orgCode: string } | null;
  /** in lists: the grade in force today, beside which the reviewer weighs the proposal */
  currentGrade?: { grade: string; score: number; validFrom: string; overridden: boolean } | null;
}

/** A grading.overrides row as pg answers it: the list's extras absent, timestamps as Date. */
interface OverrideRow extends Omit<GradeOverride, 'enterprise' | 'currentGrade' | 'proposedAt' | 'reviewedAt'> {
  proposedAt: Date;
  reviewedAt: Date | null;
}
const COLUMNS = selectList<OverrideRow>({
  id: 'id',
  enterpriseId: 'enterprise_id',
  grade: 'grade',
  reason: 'reason',
  status: 'status',
  proposedBy: 'proposed_by',
  proposedByName: 'proposed_by_name',
  reviewedByName: 'reviewed_by_name',
  proposedAt: 'proposed_at',
  reviewedBy: 'reviewed_by',
  reviewedAt: 'reviewed_at',
  reviewReason: 'review_reason',
  validFrom: 'valid_from::text',
  validUntil: 'valid_until::text',
});
const toOverride = (r: OverrideRow): GradeOverride => ({
  ...r,
  proposedAt: new Date(r.proposedAt).toISOString(),
  reviewedAt: r.reviewedAt ? new Date(r.reviewedAt).toISOString() : null,
});

/** Overrides (DOMAIN.md §6): a grader proposes with a reason; a different reviewer approves (four-eyes, also a DB check). */
@Injectable()
export class GradeOverrides {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grading: GradingService,
    private readonly models: GradingModels,
    private readonly audit: AuditLog,
    private readonly enterprises: EnterprisesService,
    private readonly sod: SeparationOfDuties,
  ) {}

  /** Newest first, each with its enterprise's name and codes (one more query for the whole list). */
  async list(status?: string): Promise<GradeOverride[]> {
    const rows = await queryRows<OverrideRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM grading.overrides ${status ? 'WHERE status = $1' : ''} ORDER BY proposed_at DESC LIMIT 200`,
      status ? [status] : [],
    );
    const overrides: GradeOverride[] = rows.map(toOverride);
    const refs = await this.enterprises.getRefs(overrides.map((o) => o.enterpriseId));
    const today = todayInChina();
    const current = await this.grading.gradesOn(
      overrides.map((o) => o.enterpriseId),
      today,
    );
    return overrides.map((o) => {
      const ref = refs.get(o.enterpriseId);
      const g = current.get(o.enterpriseId);
      return {
        ...o,
        enterprise: ref ? { name: ref.name, uscc: ref.uscc, orgCode: ref.orgCode } : null,
        currentGrade: g ? { grade: g.grade, score: g.score, validFrom: g.validFrom, overridden: g.overridden } : null,
      };
    });
  }

  async propose(actor: Actor, code: string, grade: Grade, reason: string): Promise<GradeOverride> {
    const enterpriseId = await this.grading.enterpriseId(code);
    await this.assertJurisdiction(actor, enterpriseId, 'proposing a grade override');
    return inTransaction(this.dataSource, async (em) => {
      try {
        const row = await querySingle<OverrideRow>(
          em,
          `INSERT INTO grading.overrides (enterprise_id, grade, reason, proposed_by, proposed_by_name) VALUES ($1,$2,$3,$4,$5) RETURNING ${COLUMNS}`,
          [enterpriseId, grade, reason, actor.id, actor.name],
        );
        const created = toOverride(row);
        await this.audit.record(em, actor, { action: 'grading.override.propose', entityType: 'grade_override', entityId: created.id, after: created, reason });
        return created;
      } catch (err) {
        if (isPgError(err, PG.uniqueViolation)) throw problem(GradingProblems.overridePending);
        throw err;
      }
    });
  }

  /** Approve: the override takes effect today for model.overrides.validMonths and regrades the enterprise at once. */
  async review(actor: Actor, id: string, decision: 'approve' | 'reject', reason: string): Promise<GradeOverride> {
    const model = await this.models.active();
    return inTransaction(this.dataSource, async (em) => {
      const row = await queryOne<OverrideRow>(em, `SELECT ${COLUMNS} FROM grading.overrides WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw problem(GradingProblems.overrideNotFound);
      const before = toOverride(row);
      await this.assertJurisdiction(actor, before.enterpriseId, 'reviewing a grade override');
      if (before.status !== 'proposed') throw problem(GradingProblems.overrideNotProposed, `override is ${before.status}`);
      if (before.proposedBy === actor.id) throw problem(GradingProblems.fourEyes);
      await this.sod.assertIndependent(em, actor, before.proposedBy);
      const today = todayInChina();
      const approved = decision === 'approve';
      const {
        rows: [updated],
      } = await queryChanged<OverrideRow>(
        em,
        `UPDATE grading.overrides SET status = $2, reviewed_by = $3, reviewed_at = now(), review_reason = $4, valid_from = $5, valid_until = $6,
                 reviewed_by_name = $7
          WHERE id = $1 AND status = 'proposed' RETURNING ${COLUMNS}`,
        [
          id,
          approved ? 'approved' : 'rejected',
          actor.id,
          reason,
          approved ? today : null,
          approved ? addMonths(today, model.overrides.validMonths) : null,
          actor.name,
        ],
      );
      if (!updated) throw new Error(`override ${id} changed under its lock`); // locked above and still 'proposed': cannot happen
      const after = toOverride(updated);
      await this.audit.record(em, actor, { action: `grading.override.${decision}`, entityType: 'grade_override', entityId: id, before, after, reason });
      if (approved) await this.grading.regradeEnterprise(em, before.enterpriseId, today, 'override');
      return after;
    });
  }
  /** DOMAIN.md §7 (issue 24): overrides are writes on an enterprise, within the acting authority's region. */
  private async assertJurisdiction(actor: Actor, enterpriseId: string, what: string): Promise<void> {
    if (actor.kind !== 'staff') return;
    const ref = await this.enterprises.getRef(enterpriseId);
    if (ref) assertWithinJurisdiction(actor, ref.regionCode, what);
  }
}
