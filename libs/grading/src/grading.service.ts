import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlacklistReader, LISTING_CHANGED } from '#qcr/blacklist';
import { countingRecordsJsonSql, CREDIT_RECORD_CHANGED, CreditCatalogueService, CreditRecordsService, type CreditFact } from '#qcr/credit-records';
import { EnterprisesService, invalidCodeProblem } from '#qcr/enterprises';
import {
  DomainEvents,
  enterpriseGradeLockSql,
  holdsEnterpriseGradeLock,
  isIsoDate,
  type IsoDate,
  problem,
  queryOne,
  querySingle,
  selectList,
  todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { dropFutureRows, writeFutureRows } from './future-grades.js';
import { GradeProjection } from './grade-projection.service.js';
import { GRADE_COLUMNS, type GradeDbRow, GradesRepository, type GradeRow, type NewGrade, openRowOf, toRow, toView } from './grades.repository.js';
import { GradingModels } from './grading-models.service.js';
import { GradingProblems } from './grading.problems.js';
import { GRADE_CHANGED, type GradeAssignment, type GradeView } from './grading.types.js';
import { type ActiveOverride, assignGrade } from './model/assign.js';
import { explainInWords } from './model/explain.js';
import { nextStanding } from './model/scoring.js';

/** activeOverride's read as one JSON object subquery ($1 enterprise, $2 date), folded into the regrade's single read. */
const ACTIVE_OVERRIDE_JSON_SQL = `(SELECT json_build_object('id', id, 'grade', grade, 'reason', reason, 'validUntil', valid_until::text)
   FROM grading.overrides WHERE enterprise_id = $1 AND status = 'approved' AND valid_from <= $2::date AND $2::date < valid_until
  ORDER BY reviewed_at DESC LIMIT 1)`;

interface RegradeOptions {
  /** the grade stands but its reasons may have moved: rewrite the explanation */
  refreshExplanation?: boolean;
  /** the event whose handlers' reads the inputs statement carries (DomainEvents.readsSql) */
  carry?: string;
}

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
      // its inputs read carries the reads the event's later handlers registered (the outbox's facts, issue 21)
      if (e.enterpriseId) await this.regradeEnterprise(em, e.enterpriseId, todayInChina(), 'listing-change', { carry: LISTING_CHANGED });
    });
  }

  // ---- contract #qcr/grading --------------------------------------------------------------

  async gradeOn(enterpriseId: string, asOf: IsoDate): Promise<GradeView | null> {
    return this.grades.viewOn(enterpriseId, asOf);
  }

  /** One query; enterprises without a grade on that date are absent from the map. */
  gradesOn(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, GradeView>> {
    return enterpriseIds.length ? this.grades.onMany(enterpriseIds, asOf) : Promise.resolve(new Map<string, GradeView>());
  }

  // ---- HTTP reads -------------------------------------------------------------------------

  async enterpriseId(code: string): Promise<string> {
    const ref = await this.enterprises.resolve(code);
    if (!ref) throw invalidCodeProblem(code) ?? problem(GradingProblems.enterpriseNotFound, `no enterprise with code ${code}`);
    return ref.id;
  }

  async gradeOf(code: string, asOf?: string): Promise<GradeAssignment> {
    const date = asOf ?? todayInChina();
    if (!isIsoDate(date))
      throw problem(GradingProblems.badDate, 'asOf must be YYYY-MM-DD', [{ field: 'asOf', rule: 'isoDate', message: 'asOf must be YYYY-MM-DD' }]);
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
    return {
      ...view,
      id: null,
      enterpriseId,
      validTo: null,
      source: 'projection',
      explanation,
      summary: explainInWords(explanation, this.names),
      standing: {},
      createdAt: new Date().toISOString(),
    };
  }

  private async assignment(r: GradeRow): Promise<GradeAssignment> {
    if (!this.names) this.names = new Map((await this.catalogue.list()).map((c) => [c.code, c.name]));
    return {
      ...toView(r),
      id: r.id,
      enterpriseId: r.enterpriseId,
      validTo: r.validTo,
      source: r.source,
      explanation: r.explanation,
      summary: explainInWords(r.explanation, this.names),
      standing: r.standing,
      createdAt: r.createdAt,
    };
  }

  // ---- writes -----------------------------------------------------------------------------

  /**
   * Recomputes one enterprise's grade on `asOf` in the caller's transaction. A new history row is written
   * when the grade, score, override or model version moves (so the explanation names the record that moved it).
   */
  async regradeEnterprise(em: EntityManager, enterpriseId: string, asOf: IsoDate, source: string, opts: RegradeOptions = {}): Promise<GradeView> {
    // Serialises regrades of one enterprise; a publisher may have taken it already in its own statement (a decision).
    if (!holdsEnterpriseGradeLock(em, enterpriseId)) await em.query(`SELECT ${enterpriseGradeLockSql('$1')}`, [enterpriseId]);
    const today = todayInChina();
    if (asOf !== today) return (await this.regradeOn(em, enterpriseId, asOf, source, opts, false)).view;
    // Rows after today are derived from the listings' future dates (future-grades.ts): drop, regrade today, write again
    // (regradeOn drops them, when its read finds any). The listings' future dates come with the inputs (issue 21): the
    // grade write changes no listing.
    const { view, futureDates: dates } = await this.regradeOn(em, enterpriseId, today, source, opts, true);
    if (dates.length) {
      const model = await this.models.active(em);
      await writeFutureRows(em, this.grades, model, enterpriseId, dates, source, async (date, standing) =>
        assignGrade(
          model,
          {
            records: await this.credit.countingRecords(em, enterpriseId, date),
            asOf: date,
            standing,
            activeListings: (await this.blacklist.activeListings(em, enterpriseId, date)).map((l) => l.id),
          },
          await this.activeOverride(em, enterpriseId, date),
        ),
      );
    }
    return view;
  }

  /**
   * With `withFutureDates` (`asOf` is today): also the listings' dates after today that future rows are written from,
   * and whether grade rows after today exist; only then are they dropped (dropFutureRows) and the inputs read again —
   * the common case, none, costs no DELETE round trip (issue 21). The enterprise's grade lock keeps the answer stable.
   */
  private async regradeOn(
    em: EntityManager,
    enterpriseId: string,
    asOf: IsoDate,
    source: string,
    opts: RegradeOptions,
    withFutureDates: boolean,
  ): Promise<{ view: GradeView; futureDates: IsoDate[] }> {
    const model = await this.models.active(em);
    // Every input in one round trip (issue 21): the open grade row (locked), counting records, listings, override,
    // and the listings' future dates. JSON columns: row_to_json of GRADE_COLUMNS (camelCase keys), the rest json arrays.
    const future = withFutureDates
      ? `, ${BlacklistReader.futureStartDatesJsonSql('$1', '$2')} AS future_dates,
         EXISTS (SELECT 1 FROM grading.grades WHERE enterprise_id = $1 AND valid_from > $2::date) AS future_rows`
      : '';
    // the reads the triggering event's later handlers may have carried (DomainEvents.readFor): their $1, $2 are ours
    const carried = withFutureDates && opts.carry ? this.events.readsSql(em, opts.carry, enterpriseId, '$1', '$2') : [];
    const inputs = await querySingle<{
      current: GradeDbRow | null;
      records: CreditFact[];
      listings: Array<{ id: string }>;
      override: ActiveOverride | null;
      future_dates?: IsoDate[];
      future_rows?: boolean;
      [carried: string]: unknown;
    }>(
      em,
      // cur: grades_current (openRowOf, never the GiST grades_no_overlap); future_rows: grades_on_date
      `WITH cur AS (SELECT ${GRADE_COLUMNS} FROM grading.grades WHERE ${openRowOf('$1')} FOR UPDATE)
       SELECT (SELECT row_to_json(cur) FROM cur) AS current, ${countingRecordsJsonSql('$1', '$2')} AS records,
              ${BlacklistReader.activeListingsJsonSql('$1', '$2')} AS listings, ${ACTIVE_OVERRIDE_JSON_SQL} AS override${future}${carried.map((c) => `, ${c.sql} AS ${c.alias}`).join('')}`,
      [enterpriseId, asOf],
    );
    if (inputs.future_rows) {
      await dropFutureRows(em, enterpriseId, asOf); // reopens the row covering today: read again
      return this.regradeOn(em, enterpriseId, asOf, source, opts, withFutureDates);
    }
    for (const c of carried) this.events.keepRead(em, c.key, enterpriseId, inputs[c.alias]);
    const futureDates = inputs.future_dates ?? [];
    const current = inputs.current ? toRow(inputs.current) : null;
    const { records, listings, override } = inputs;
    const next = assignGrade(model, { records, asOf, activeListings: listings.map((l) => l.id), standing: current?.standing ?? {} }, override);
    if (
      current &&
      current.grade === next.grade &&
      current.score === next.score &&
      current.overridden === next.overridden &&
      current.overrideId === next.overrideId &&
      current.modelVersion === model.version
    ) {
      // the grade stands, but its reasons may have moved (an imported history changes the progression dates)
      if (opts.refreshExplanation) await em.query(`UPDATE grading.grades SET explanation = $2 WHERE id = $1`, [current.id, JSON.stringify(next.explanation)]);
      return { view: toView(current), futureDates };
    }
    // A grade row never starts before the open one (history is append-only in time).
    const validFrom = current && current.validFrom > asOf ? current.validFrom : asOf;
    const standing = current && current.grade === next.grade ? current.standing : nextStanding(current?.standing ?? null, next.grade, validFrom);
    const grade: NewGrade = {
      enterpriseId,
      grade: next.grade,
      score: next.score,
      modelVersion: model.version,
      explanation: next.explanation,
      standing,
      validFrom,
      overridden: next.overridden,
      overrideId: next.overrideId,
      source,
    };
    // A listing decision's write rides on the change outbox's event insert, or is sent when the decision's publish
    // returns (DomainEvents.deferWrite, issue 21). Only when the outbox's facts rode on this inputs read (so nothing
    // later in the publish reads the grade from the table; the grade lock is held to the commit), and never when
    // future rows follow: writeFutureRows reads the open row.
    if (carried.length > 0 && futureDates.length === 0 && this.events.publishing(em))
      this.events.deferWrite(em, GradesRepository.replaceWrite(current?.id ?? null, grade));
    else await this.grades.replace(em, current?.id ?? null, grade);
    // the grade and its start: a handler that read facts before this write (a carried read) learns what moved
    await this.events.publish(em, { type: GRADE_CHANGED, enterpriseId, source, grade: next.grade, validFrom });
    return { view: { grade: next.grade, score: next.score, validFrom, modelVersion: model.version, overridden: next.overridden }, futureDates };
  }

  async activeOverride(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<ActiveOverride | null> {
    return queryOne<ActiveOverride>(
      em ?? this.dataSource,
      `SELECT ${selectList<ActiveOverride>({ id: 'id', grade: 'grade', reason: 'reason', validUntil: 'valid_until::text' })} FROM grading.overrides
        WHERE enterprise_id = $1 AND status = 'approved' AND valid_from <= $2::date AND $2::date < valid_until
        ORDER BY reviewed_at DESC LIMIT 1`,
      [enterpriseId, asOf],
    );
  }
}
