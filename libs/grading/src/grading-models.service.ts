import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, isPgError, PG, problem } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { GradingProblems } from './grading.problems.js';
import { type GradingModel, modelProblems } from './model/grading-model.js';

export interface ModelInfo {
  version: string;
  name: { zh: string; en: string };
  active: boolean;
  loadedAt: string;
  loadedBy: string;
}

/** Model versions (data, not code). The active one grades; old grades keep the version they were computed with. */
@Injectable()
export class GradingModels {
  private cache = new Map<string, GradingModel>();
  private activeVersion: string | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly audit: AuditLog) {}

  async active(em: EntityManager | null = null): Promise<GradingModel> {
    if (this.activeVersion && this.cache.has(this.activeVersion)) return this.cache.get(this.activeVersion)!;
    const [row] = await (em ?? this.dataSource).query(`SELECT version, definition FROM grading.models WHERE active`);
    if (!row) throw new Error('no active grading model: migrations not run?');
    this.cache.set(row.version, row.definition);
    this.activeVersion = row.version;
    return row.definition;
  }

  async get(version: string): Promise<GradingModel> {
    const [row] = await this.dataSource.query(`SELECT definition FROM grading.models WHERE version = $1`, [version]);
    if (!row) throw problem(GradingProblems.modelNotFound, `no model version ${version}`);
    return row.definition;
  }

  async list(): Promise<ModelInfo[]> {
    const rows = await this.dataSource.query(`SELECT version, definition->'name' AS name, active, loaded_at, loaded_by FROM grading.models ORDER BY loaded_at`);
    return rows.map((r: { version: string; name: { zh: string; en: string }; active: boolean; loaded_at: Date; loaded_by: string }) => ({
      version: r.version, name: r.name, active: r.active, loadedAt: r.loaded_at.toISOString(), loadedBy: r.loaded_by,
    }));
  }

  /** Loads a new version and makes it active. Existing grades are untouched until a regrade run. */
  async load(actor: Actor, doc: unknown, reason: string): Promise<ModelInfo> {
    const problems = modelProblems(doc);
    if (problems.length) {
      throw problem(GradingProblems.invalidModel, problems.join('; '), problems.map((m) => ({ field: 'model', rule: 'model', message: m })));
    }
    const model = doc as GradingModel;
    await inTransaction(this.dataSource, async (em) => {
      await em.query(`UPDATE grading.models SET active = false WHERE active`);
      try {
        await em.query(`INSERT INTO grading.models (version, definition, active, loaded_by) VALUES ($1, $2, true, $3)`, [
          model.version, JSON.stringify(model), actor.id,
        ]);
      } catch (err) {
        if (isPgError(err, PG.uniqueViolation)) throw problem(GradingProblems.modelExists, `model ${model.version} exists`);
        throw err;
      }
      await this.audit.record(em, actor, { action: 'grading.model.load', entityType: 'grading_model', entityId: model.version, after: model, reason });
    });
    this.cache.set(model.version, model);
    this.activeVersion = model.version;
    return (await this.list()).find((m) => m.version === model.version)!;
  }
}
