import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlacklistReader, LISTING_CHANGED } from '#qcr/blacklist';
import { CREDIT_RECORD_CHANGED, CreditCatalogueService, CreditRecordsService } from '#qcr/credit-records';
import { EnterprisesService, invalidCodeProblem } from '#qcr/enterprises';
import { DomainEvents, isIsoDate, type IsoDate, problem, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { GradeProjection } from './grade-projection.service.js';
import { GradesRepository, type GradeRow, toView } from './grades.repository.js';
import { GradingModels } from './grading-models.service.js';
import { GradingProblems } from './grading.problems.js';
import { GRADE_CHANGED, type GradeAssignment, type GradeView } from './grading.types.js';
import { type ActiveOverride, assignGrade } from './model/assign.js';
import { explainInWords } from './model/explain.js';
import { nextStanding } from './model/scoring.js';

// Serialises regrades of one enterprise (two record writes at once must not both open a grade row).
const REGRADE_LOCK = 7_305_001;

/**
 * Effective-dated grades (DOMAIN.md §6). Regrades an enterprise inside the transaction that changed
 * its records or listings, so a read right after the write sees the new grade.
 */
@Injectable()
export class GradingService implements OnModuleInit {
  private names: Map<string, { zh: string; en: string }> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grades: GradesRepository,
    private readonly models: GradingModels,
    private readonly credit: CreditRecordsService,
    private readonly catalogue: CreditCatalogueService,
    private readonly blacklist: BlacklistReader,
    private readonly enterprises: EnterprisesService,
    private readonly events: DomainEvents,
    private readonly projection: GradeProjection,
  ) {}

  onModuleInit(): void {
    this.events.on(CREDIT_RECORD_CHANGED, async (e, em) => {
      if (e.enterpriseId) await this.regradeEnterprise(em, e.enterpriseId, todayInChina(), 'record-change');
    });
    this.events.on(LISTING_CHANGED, async (e, em) => {
      if (e.enterpriseId) await this.regradeEnterprise(em, e.enterpriseId, todayInChina(), 'listing-change');
    });
  }

  // ---- contract #qcr/grading --------------------------------------------------------------

  async gradeOn(enterpriseId: string, asOf: IsoDate): Promise<GradeView | null> {
    return this.grades.viewOn(enterpriseId, asOf);
  }

  /** One query; enterprises without a grade on that date are absent from the map. */
  gradesOn(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, GradeView>> {
    return enterpriseIds.length ? this.grades.onMany(enterpriseIds, asOf) : Promise.resolve(new Map());
  }

  // ---- HTTP reads -------------------------------------------------------------------------

  async enterpriseId(code: string): Promise<string> {
    const ref = await this.enterprises.resolve(code);
    if (!ref) throw invalidCodeProblem(code) ?? problem(GradingProblems.enterpriseNotFound, `no enterprise with code ${code}`);
    return ref.id;
  }

  async gradeOf(code: string, asOf?: string): Promise<GradeAssignment> {
    const date = asOf ?? todayInChina();
    if (!isIsoDate(date)) throw problem(GradingProblems.badDate, 'asOf must be YYYY-MM-DD', [{ field: 'asOf', rule: 'isoDate', message: 'asOf must be YYYY-MM-DD' }]);
    const enterpriseId = await this.enterpriseId(code);
    // After today nothing is stored yet: compute from what is known (docs/grading.md, "Future dates").
    if (date > todayInChina()) return this.projected(enterpriseId, date);
    const row = await this.grades.on(null, enterpriseId, date);
    if (!row) throw problem(GradingProblems.noGrade, `no grade for ${code} on ${date}`);
    return this.assignment(row);
  }

  async historyOf(code: string): Promise<GradeAssignment[]> {
    const rows = await this.grades.history(await this.enterpriseId(code));
    return Promise.all(rows.map((r) => this.assignment(r)));
  }

  private async projected(enterpriseId: string, asOf: IsoDate): Promise<GradeAssignment> {
    const p = await this.projection.projectOne(enterpriseId, asOf);
    if (!this.names) this.names = new Map((await this.catalogue.list()).map((c) => [c.code, c.name]));
    const { explanation, ...view } = p;
    return { ...view, id: null, enterpriseId, validTo: null, source: 'projection', explanation, summary: explainInWords(explanation, this.names),
      standing: {}, createdAt: new Date().toISOString() };
  }

  private async assignment(r: GradeRow): Promise<GradeAssignment> {
    if (!this.names) this.names = new Map((await this.catalogue.list()).map((c) => [c.code, c.name]));
    return { ...toView(r), id: r.id, enterpriseId: r.enterpriseId, validTo: r.validTo, source: r.source, explanation: r.explanation,
      summary: explainInWords(r.explanation, this.names), standing: r.standing, createdAt: r.createdAt };
  }

  // ---- writes -----------------------------------------------------------------------------

  /**
   * Recomputes one enterprise's grade on `asOf` in the caller's transaction. A new history row is written
   * when the grade, score, override or model version moves (so the explanation names the record that moved it).
   */
  async regradeEnterprise(em: EntityManager, enterpriseId: string, asOf: IsoDate, source: string, opts: { refreshExplanation?: boolean } = {}): Promise<GradeView> {
    await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REGRADE_LOCK, enterpriseId]);
    const model = await this.models.active(em);
    const [current, records, listings, override] = [
      await this.grades.current(em, enterpriseId),
      await this.credit.countingRecords(em, enterpriseId, asOf),
      await this.blacklist.activeListings(em, enterpriseId, asOf),
      await this.activeOverride(em, enterpriseId, asOf),
    ];
    const next = assignGrade(model, { records, asOf, activeListings: listings.map((l) => l.id), standing: current?.standing ?? {} }, override);
    if (
      current && current.grade === next.grade && current.score === next.score && current.overridden === next.overridden &&
      current.overrideId === next.overrideId && current.modelVersion === model.version
    ) {
      // the grade stands, but its reasons may have moved (an imported history changes the progression dates)
      if (opts.refreshExplanation) await em.query(`UPDATE grading.grades SET explanation = $2 WHERE id = $1`, [current.id, JSON.stringify(next.explanation)]);
      return toView(current);
    }
    // A grade row never starts before the open one (history is append-only in time).
    const validFrom = current && current.validFrom > asOf ? current.validFrom : asOf;
    const standing = current && current.grade === next.grade ? current.standing : nextStanding(current?.standing ?? null, next.grade, validFrom);
    if (current) await this.grades.close(em, current.id, validFrom);
    await this.grades.insert(em, {
      enterpriseId, grade: next.grade, score: next.score, modelVersion: model.version, explanation: next.explanation, standing,
      validFrom, overridden: next.overridden, overrideId: next.overrideId, source,
    });
    await this.events.publish(em, { type: GRADE_CHANGED, enterpriseId, source });
    return { grade: next.grade, score: next.score, validFrom, modelVersion: model.version, overridden: next.overridden };
  }

  async activeOverride(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<ActiveOverride | null> {
    const [row] = await (em ?? this.dataSource).query(
      `SELECT id, grade, reason, valid_until::text AS valid_until FROM grading.overrides
        WHERE enterprise_id = $1 AND status = 'approved' AND valid_from <= $2::date AND $2::date < valid_until
        ORDER BY reviewed_at DESC LIMIT 1`,
      [enterpriseId, asOf],
    );
    return row ? { id: row.id, grade: row.grade, reason: row.reason, validUntil: row.valid_until } : null;
  }
}
