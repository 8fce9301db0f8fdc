import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, problem, queryChanged, queryOne, queryRows, querySingle, selectList, todayInChina } from '#qcr/platform';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GradingModels } from './grading-models.service.js';
import { GradingProblems } from './grading.problems.js';
import type { Grade } from './model/grading-model.js';
import { type Candidate, drawInspectionPlan } from './model/draw.js';

export interface InspectionPlanInput {
  title: string;
  regionPrefix?: string;
  industryCode?: string;
  periodFrom: string;
  periodTo: string;
  inspectors: string[];
  seed?: string;
}

export interface InspectionPlan {
  id: string;
  title: string;
  scope: { regionPrefix: string | null; industryCode: string | null };
  periodFrom: string;
  periodTo: string;
  asOf: string;
  seed: string;
  modelVersion: string;
  rates: Record<Grade, number>;
  population: Record<string, number>;
  status: 'draft' | 'published';
  publishedAt: string | null;
  items: Array<{ enterpriseId: string; orgCode: string; name: string; grade: Grade; inspectors: string[] }>;
}

/** A grading.inspection_plans row as the SQL answers it (items read separately). */
interface PlanRow extends Omit<InspectionPlan, 'scope' | 'publishedAt' | 'items'> {
  regionPrefix: string | null;
  industryCode: string | null;
  publishedAt: Date | null;
}
const PLAN_COLUMNS = selectList<PlanRow>({
  id: 'id',
  title: 'title',
  regionPrefix: 'region_prefix',
  industryCode: 'industry_code',
  periodFrom: 'period_from::text',
  periodTo: 'period_to::text',
  asOf: 'as_of::text',
  seed: 'seed',
  modelVersion: 'model_version',
  rates: 'rates',
  population: 'population',
  status: 'status',
  publishedAt: 'published_at',
});

export type InspectionPlanSummary = Pick<InspectionPlan, 'id' | 'title' | 'scope' | 'periodFrom' | 'periodTo' | 'asOf' | 'status' | 'publishedAt'> & {
  createdAt: string;
  itemCount: number;
};

/**
 * What the public sees of a published plan (一公开): which enterprises will be inspected, at which
 * grade, and by how many inspectors — no internal ids, no inspector names (issue 13 §10).
 */
export type PublicInspectionPlan = Omit<InspectionPlan, 'id' | 'items' | 'status'> & {
  items: Array<{ orgCode: string; name: string; grade: Grade; inspectorCount: number }>;
};

/**
 * Classification supervision (分类监管, 双随机、一公开): draws enterprises in scope at each grade's inspection rate
 * (active model) and assigns inspectors at random, from a recorded seed; published plans are public.
 * Enterprises without a grade on the plan date are treated as A (normal supervision).
 */
@Injectable()
export class InspectionPlans {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly models: GradingModels,
    private readonly audit: AuditLog,
  ) {}

  async create(actor: Actor, input: InspectionPlanInput): Promise<InspectionPlan> {
    if (input.periodTo < input.periodFrom) throw problem(GradingProblems.badPlan, 'periodTo is before periodFrom');
    const model = await this.models.active();
    const asOf = todayInChina();
    const seed = input.seed ?? randomBytes(16).toString('hex');
    // Scope read over the enterprises table's published columns (docs/contracts.md: region_code, industry_code, status).
    const rows = await queryRows<{ id: string; grade: Grade | null }>(
      this.dataSource,
      `SELECT e.id, g.grade FROM enterprises.enterprises e
         LEFT JOIN grading.grades g ON g.enterprise_id = e.id AND daterange(g.valid_from, g.valid_to) @> $3::date
        WHERE e.status = 'active' AND ($1::text IS NULL OR e.region_code LIKE $1 || '%') AND ($2::text IS NULL OR e.industry_code LIKE $2 || '%')`,
      [input.regionPrefix ?? null, input.industryCode ?? null, asOf],
    );
    const candidates: Candidate[] = rows.map((r) => ({ enterpriseId: r.id, grade: r.grade ?? 'A' }));
    const population: Record<string, number> = {};
    for (const c of candidates) population[c.grade] = (population[c.grade] ?? 0) + 1;
    const items = drawInspectionPlan(seed, candidates, model.inspectionRates, input.inspectors);
    const id = await inTransaction(this.dataSource, async (em) => {
      const plan = await querySingle<{ id: string }>(
        em,
        `INSERT INTO grading.inspection_plans (title, region_prefix, industry_code, period_from, period_to, as_of, seed, model_version, rates, inspectors, population, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
        [
          input.title,
          input.regionPrefix ?? null,
          input.industryCode ?? null,
          input.periodFrom,
          input.periodTo,
          asOf,
          seed,
          model.version,
          JSON.stringify(model.inspectionRates),
          input.inspectors,
          JSON.stringify(population),
          actor.id,
        ],
      );
      if (items.length) {
        await em.query(
          `INSERT INTO grading.inspection_plan_items (plan_id, enterprise_id, grade, inspectors)
           SELECT $1, x.e, x.g, ARRAY(SELECT json_array_elements_text(x.i)) FROM json_to_recordset($2::json) AS x(e uuid, g text, i json)`,
          [plan.id, JSON.stringify(items.map((i) => ({ e: i.enterpriseId, g: i.grade, i: i.inspectors })))],
        );
      }
      await this.audit.record(em, actor, {
        action: 'grading.inspection-plan.create',
        entityType: 'inspection_plan',
        entityId: plan.id,
        after: { ...input, seed, asOf, modelVersion: model.version, population, drawn: items.length },
      });
      return plan.id;
    });
    return this.get(id, false);
  }

  async publish(actor: Actor, id: string): Promise<InspectionPlan> {
    await inTransaction(this.dataSource, async (em) => {
      const { count } = await queryChanged(
        em,
        `UPDATE grading.inspection_plans SET status = 'published', published_by = $2, published_at = now() WHERE id = $1 AND status = 'draft'`,
        [id, actor.id],
      );
      if (count !== 1) {
        const exists = await queryOne(em, `SELECT status FROM grading.inspection_plans WHERE id = $1`, [id]);
        throw exists ? problem(GradingProblems.planPublished) : problem(GradingProblems.planNotFound);
      }
      await this.audit.record(em, actor, { action: 'grading.inspection-plan.publish', entityType: 'inspection_plan', entityId: id });
    });
    return this.get(id, false);
  }

  /** The plans, newest first (issue 16: the grader's console lists them to review and publish). */
  async list(limit = 100): Promise<InspectionPlanSummary[]> {
    type Row = {
      id: string;
      title: string;
      region_prefix: string | null;
      industry_code: string | null;
      period_from: string;
      period_to: string;
      as_of: string;
      status: 'draft' | 'published';
      published_at: Date | null;
      created_at: Date;
      item_count: number;
    };
    const rows = await queryRows<Row>(
      this.dataSource,
      `SELECT p.id, p.title, p.region_prefix, p.industry_code, p.period_from::text AS period_from, p.period_to::text AS period_to,
              p.as_of::text AS as_of, p.status, p.published_at, p.created_at,
              (SELECT count(*)::int FROM grading.inspection_plan_items i WHERE i.plan_id = p.id) AS item_count
         FROM grading.inspection_plans p ORDER BY p.created_at DESC, p.id LIMIT $1`,
      [limit],
    );
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      scope: { regionPrefix: p.region_prefix, industryCode: p.industry_code },
      periodFrom: p.period_from,
      periodTo: p.period_to,
      asOf: p.as_of,
      status: p.status,
      publishedAt: p.published_at ? new Date(p.published_at).toISOString() : null,
      createdAt: new Date(p.created_at).toISOString(),
      itemCount: p.item_count,
    }));
  }

  async publicView(id: string): Promise<PublicInspectionPlan> {
    const { id: _id, status: _status, items, ...plan } = await this.get(id, true);
    return { ...plan, items: items.map((i) => ({ orgCode: i.orgCode, name: i.name, grade: i.grade, inspectorCount: i.inspectors.length })) };
  }

  async get(id: string, publishedOnly: boolean): Promise<InspectionPlan> {
    const p = await queryOne<PlanRow>(
      this.dataSource,
      `SELECT ${PLAN_COLUMNS}
         FROM grading.inspection_plans WHERE id = $1 ${publishedOnly ? `AND status = 'published'` : ''}`,
      [id],
    );
    if (!p) throw problem(GradingProblems.planNotFound);
    const items = await queryRows<InspectionPlan['items'][number]>(
      this.dataSource,
      `SELECT ${selectList<InspectionPlan['items'][number]>({
        enterpriseId: 'i.enterprise_id',
        orgCode: 'e.org_code',
        name: 'e.name',
        grade: 'i.grade',
        inspectors: 'i.inspectors',
      })} FROM grading.inspection_plan_items i
         JOIN enterprises.enterprises e ON e.id = i.enterprise_id WHERE i.plan_id = $1 ORDER BY i.grade, e.org_code`,
      [id],
    );
    const { regionPrefix, industryCode, publishedAt, ...fields } = p;
    return { ...fields, scope: { regionPrefix, industryCode }, publishedAt: publishedAt ? new Date(publishedAt).toISOString() : null, items };
  }
}
