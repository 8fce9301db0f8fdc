import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, DomainEvents, inTransaction, isPgError, PG, problem } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { MeasureProblems } from '../joint-measures.problems.js';
import type { CreateMeasureDto, RetireMeasureDto, UpdateMeasureDto } from './measures.dto.js';
import type { CheckPurpose, Measure } from './measure.types.js';
import { type MeasureFields, MeasuresRepository } from './measures.repository.js';

/**
 * How long another instance may answer from a catalogue it read before an edit.
 * Catalogue edits are rare admin acts; grades and listings are never cached.
 * This process drops its copy at once when it makes the edit.
 */
const CATALOGUE_TTL_MS = 2_000;

/** Published in the editing transaction: a catalogue change can alter any enterprise's verdict (docs/changes.md). */
export const MEASURES_CHANGED = 'measures.catalogue-changed';

/** The measure catalogue (联合奖惩措施目录): admin CRUD, audited, and the active set for checks. */
@Injectable()
export class MeasuresService {
  private cached: { byPurpose: Map<CheckPurpose, Measure[]>; until: number } | null = null;
  private loading: Promise<Map<CheckPurpose, Measure[]>> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: MeasuresRepository,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  /** The active catalogue as the caller's transaction sees it (never the cached copy: the change feed diffs against it). */
  activeCatalogue(em: EntityManager): Promise<Measure[]> {
    return this.repo.all(false, em);
  }

  /**
   * activeCatalogue as one JSON-array subquery (`Measure[]`, same order), for the change outbox's single read of an
   * enterprise's facts (issue 21: a listing decision in ≤ 6 round trips). Uncorrelated, so PostgreSQL runs it once
   * per statement (an InitPlan) however many rows carry it.
   */
  static activeCatalogueJsonSql(): string {
    return MeasuresRepository.activeJsonSql;
  }

  list(purpose?: string, includeRetired = false): Promise<Measure[]> {
    return this.repo.all(includeRetired).then((all) => (purpose ? all.filter((m) => m.purpose === purpose) : all));
  }

  async get(code: string): Promise<Measure> {
    const m = await this.repo.find(null, code);
    if (!m) throw problem(MeasureProblems.notFound, `no measure ${code}`);
    return m;
  }

  /** Active measures for one purpose, from the in-process catalogue copy. */
  async activeFor(purpose: CheckPurpose): Promise<Measure[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.byPurpose.get(purpose) ?? [];
    this.loading ??= this.repo
      .all(false)
      .then((all) => {
        const byPurpose = new Map<CheckPurpose, Measure[]>();
        for (const m of all) byPurpose.set(m.purpose, [...(byPurpose.get(m.purpose) ?? []), m]);
        this.cached = { byPurpose, until: Date.now() + CATALOGUE_TTL_MS };
        return byPurpose;
      })
      .finally(() => (this.loading = null));
    return (await this.loading).get(purpose) ?? [];
  }

  async create(actor: Actor, dto: CreateMeasureDto): Promise<Measure> {
    const fields = toFields(dto.code, dto);
    try {
      const created = await inTransaction(this.db, async (em) => {
        const m = (await this.repo.insert(em, fields))!;
        await this.audit.record(em, actor, { action: 'measure.created', entityType: 'measure', entityId: m.code, after: m });
        await this.events.publish(em, { type: MEASURES_CHANGED, codes: [m.code] });
        return m;
      });
      this.cached = null;
      return created;
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) throw problem(MeasureProblems.codeTaken, `measure ${dto.code} already exists`);
      throw err;
    }
  }

  async update(actor: Actor, code: string, dto: UpdateMeasureDto): Promise<Measure> {
    const before = await this.get(code);
    return this.change(actor, code, dto.version, toFields(code, dto), dto.active ?? before.active, 'measure.updated', dto.reason);
  }

  async retire(actor: Actor, code: string, dto: RetireMeasureDto): Promise<Measure> {
    const before = await this.get(code);
    return this.change(actor, code, dto.version, before, false, 'measure.retired', dto.reason);
  }

  /** Seeds measures whose codes are missing; an administrator's edits to existing codes are kept. */
  async seed(actor: Actor, measures: MeasureFields[]): Promise<number> {
    const added = await inTransaction(this.db, async (em) => {
      let n = 0;
      for (const m of measures) {
        const row = await this.repo.insert(em, m, true);
        if (row) {
          n++;
          await this.audit.record(em, actor, { action: 'measure.seeded', entityType: 'measure', entityId: row.code, after: row });
        }
      }
      if (n) await this.events.publish(em, { type: MEASURES_CHANGED, codes: measures.map((m) => m.code) });
      return n;
    });
    if (added) this.cached = null;
    return added;
  }

  private async change(
    actor: Actor,
    code: string,
    version: number,
    fields: Omit<MeasureFields, 'code'>,
    active: boolean,
    action: string,
    reason: string,
  ): Promise<Measure> {
    const updated = await inTransaction(this.db, async (em) => {
      const before = await this.repo.find(em, code, true);
      if (!before) throw problem(MeasureProblems.notFound, `no measure ${code}`);
      const after = await this.repo.update(em, code, version, fields, active);
      if (!after)
        throw problem(MeasureProblems.stale, `measure ${code} is at version ${before.version}, not ${version}`, [], { currentVersion: before.version });
      await this.audit.record(em, actor, { action, entityType: 'measure', entityId: code, before, after, reason });
      await this.events.publish(em, { type: MEASURES_CHANGED, codes: [code] });
      return after;
    });
    this.cached = null;
    return updated;
  }
}

function toFields(code: string, dto: Omit<MeasureFields, 'code' | 'triggerGrade'> & { triggerGrade?: MeasureFields['triggerGrade'] }): MeasureFields {
  const triggerGrade = dto.triggerGrade ?? null;
  if (dto.trigger === 'listed' && triggerGrade) {
    throw problem(MeasureProblems.triggerGrade, 'trigger listed takes no triggerGrade', [
      { field: 'triggerGrade', rule: 'absent', message: 'triggerGrade must be absent for trigger listed' },
    ]);
  }
  if (dto.trigger !== 'listed' && !triggerGrade) {
    throw problem(MeasureProblems.triggerGrade, `trigger ${dto.trigger} needs triggerGrade`, [
      { field: 'triggerGrade', rule: 'required', message: `triggerGrade is required for trigger ${dto.trigger}` },
    ]);
  }
  return {
    code,
    department: dto.department,
    purpose: dto.purpose,
    trigger: dto.trigger,
    triggerGrade,
    kind: dto.kind,
    legalBasis: dto.legalBasis,
    text: { zh: dto.text.zh, en: dto.text.en },
  };
}
