import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, isPgError, PG, problem, queryChanged, queryOne, queryRows } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { GradingProblems } from './grading.problems.js';
import { type GradingModel, modelProblems } from './model/grading-model.js';

export interface ModelInfo {
  version: string;
  name: { zh: string; en: string };
  active: boolean;
  loadedAt: string;
  loadedBy: string;
  /** names, for the console (issue 16) */
  loadedByName: string | null;
  activatedAt: string | null;
  activatedByName: string | null;
}

/** Model versions (data, not code). The active one grades; old grades keep the version they were computed with. */
@Injectable()
export class GradingModels {
  private cache = new Map<string, GradingModel>();
  private activeVersion: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async active(em: EntityManager | null = null): Promise<GradingModel> {
    if (this.activeVersion && this.cache.has(this.activeVersion)) return this.cache.get(this.activeVersion)!;
    const row = await queryOne<{ version: string; definition: GradingModel }>(
      em ?? this.dataSource,
      `SELECT version, definition FROM grading.models WHERE active`,
    );
    if (!row) throw new Error('no active grading model: migrations not run?');
    this.cache.set(row.version, row.definition);
    this.activeVersion = row.version;
    return row.definition;
  }

  async get(version: string): Promise<GradingModel> {
    const row = await queryOne<{ definition: GradingModel }>(this.dataSource, `SELECT definition FROM grading.models WHERE version = $1`, [version]);
    if (!row) throw problem(GradingProblems.modelNotFound, `no model version ${version}`);
    return row.definition;
  }

  async list(): Promise<ModelInfo[]> {
    type Row = {
      version: string;
      name: { zh: string; en: string };
      active: boolean;
      loaded_at: Date;
      loaded_by: string;
      loaded_by_name: string | null;
      activated_at: Date | null;
      activated_by_name: string | null;
    };
    const rows = await queryRows<Row>(
      this.dataSource,
      `SELECT version, definition->'name' AS name, active, loaded_at, loaded_by, loaded_by_name, activated_at, activated_by_name FROM grading.models ORDER BY loaded_at`,
    );
    return rows.map((r) => ({
      version: r.version,
      name: r.name,
      active: r.active,
      loadedAt: r.loaded_at.toISOString(),
      loadedBy: r.loaded_by,
      loadedByName: r.loaded_by_name,
      activatedAt: r.activated_at?.toISOString() ?? null,
      activatedByName: r.activated_by_name,
    }));
  }

  /**
   * Loads a new version and, unless `activate` is false, makes it active. Existing grades are untouched until a
   * regrade run. `activate: false` (issue 16) stores it for review: the console shows its diff against the active
   * version, then activates it (`activate()`).
   */
  async load(actor: Actor, doc: unknown, reason: string, activate = true): Promise<ModelInfo> {
    const problems = modelProblems(doc);
    if (problems.length) {
      throw problem(
        GradingProblems.invalidModel,
        problems.join('; '),
        problems.map((m) => ({ field: 'model', rule: 'model', message: m })),
      );
    }
    const model = doc as GradingModel;
    await inTransaction(this.dataSource, async (em) => {
      if (activate) await em.query(`UPDATE grading.models SET active = false WHERE active`);
      try {
        await em.query(
          `INSERT INTO grading.models (version, definition, active, loaded_by, loaded_by_name, activated_at, activated_by_name)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $5 END)`,
          [model.version, JSON.stringify(model), activate, actor.id, actor.name],
        );
      } catch (err) {
        if (isPgError(err, PG.uniqueViolation)) throw problem(GradingProblems.modelExists, `model ${model.version} exists`);
        throw err;
      }
      await this.audit.record(em, actor, {
        action: 'grading.model.load',
        entityType: 'grading_model',
        entityId: model.version,
        after: { ...model, active: activate },
        reason,
      });
    });
    this.cache.set(model.version, model);
    if (activate) this.activeVersion = model.version;
    return (await this.list()).find((m) => m.version === model.version)!;
  }

  /** Makes a stored version the active one (a newly loaded one, or an earlier one back); audited with the one it replaces. */
  async activate(actor: Actor, version: string, reason: string): Promise<ModelInfo> {
    await inTransaction(this.dataSource, async (em) => {
      const row = await queryOne<{ version: string; active: boolean }>(em, `SELECT version, active FROM grading.models WHERE version = $1 FOR UPDATE`, [
        version,
      ]);
      if (!row) throw problem(GradingProblems.modelNotFound, `no model version ${version}`);
      if (row.active) throw problem(GradingProblems.modelAlreadyActive, `model ${version} is already active`);
      const {
        rows: [previous],
      } = await queryChanged<{ version: string }>(em, `UPDATE grading.models SET active = false WHERE active RETURNING version`);
      await em.query(`UPDATE grading.models SET active = true, activated_at = now(), activated_by_name = $2 WHERE version = $1`, [version, actor.name]);
      await this.audit.record(em, actor, {
        action: 'grading.model.activate',
        entityType: 'grading_model',
        entityId: version,
        before: { active: previous?.version ?? null },
        after: { active: version },
        reason,
      });
    });
    this.activeVersion = null; // read again (and cached) on the next grade
    return (await this.list()).find((m) => m.version === version)!;
  }
}
