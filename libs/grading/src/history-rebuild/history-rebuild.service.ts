import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { BlacklistReader } from '#qcr/blacklist';
import { CreditRecordsService } from '#qcr/credit-records';
import { type Actor, inTransaction, isIsoDate, type IsoDate, problem, queryOne, queryRows, querySingle, todayInChina } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { GradingModels } from '../grading-models.service.js';
import { GradingProblems } from '../grading.problems.js';
import { GradingService } from '../grading.service.js';
import { dropFutureRows } from '../future-grades.js';
import { restand } from '../history-import/restand.js';
import { assignGrade } from '../model/assign.js';
import type { GradingModel } from '../model/grading-model.js';
import { eventDates, samePlan, type StoredGrade, walkHistory } from './rebuild-plan.js';

export interface HistoryRebuildRun {
  runId: string;
  from: IsoDate;
  modelVersion: string;
  processed: number;
  changed: number;
}

// Same keys as GradingService / RegradeRuns: one enterprise is never regraded twice at once, one run at a time.
const REGRADE_LOCK = 7_305_001;
const RUN_LOCK = 7_305_002;

/**
 * `cli regrade --rebuild-history --from D` (issue 15): recomputes every enterprise's grade history from D to today,
 * a row as of each date where something changed (records occurring, leaving their windows or repaired; listings
 * starting or ending; overrides; progression becoming eligible), with the same rule a regrade applies. Rows before D
 * are never touched (the one spanning D ends on D); imported periods stay as imported and carry the standing through.
 * An enterprise whose stored rows already are the plan is left alone, so a second run changes nothing. One run row in
 * grading.runs (kind rebuild-history: refused while any run is active), chunked by enterprise id with its progress
 * committed per chunk (a rerun picks up what an interrupted one left: finished enterprises no longer change), and
 * audited as one run: `grading.history.rebuild` at the start and `grading.history.rebuilt` with the counts.
 */
@Injectable()
export class HistoryRebuild {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly models: GradingModels,
    private readonly credit: CreditRecordsService,
    private readonly blacklist: BlacklistReader,
    private readonly grading: GradingService,
    private readonly audit: AuditLog,
  ) {}

  async rebuild(
    actor: Actor,
    from: IsoDate,
    opts: { chunkSize?: number; onProgress?: (processed: number, changed: number) => void } = {},
  ): Promise<HistoryRebuildRun> {
    const today = todayInChina();
    if (!isIsoDate(from) || from > today) {
      throw problem(GradingProblems.badDate, `--from must be a date YYYY-MM-DD not after today (${today})`, [
        { field: 'from', rule: 'isoDate', message: 'a past date expected' },
      ]);
    }
    const model = await this.models.active();
    const runId = await inTransaction(this.dataSource, async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(${RUN_LOCK})`);
      const running = await queryOne<{ id: string; kind: string }>(
        em,
        `SELECT id, kind FROM grading.runs WHERE status = 'running' AND updated_at > now() - interval '10 minutes'`,
      );
      if (running) throw problem(GradingProblems.runActive, `run ${running.id} (${running.kind}) is in progress`, [], { runId: running.id });
      const row = await querySingle<{ id: string }>(
        em,
        `INSERT INTO grading.runs (model_version, as_of, chunk_size, started_by, started_by_name, kind) VALUES ($1, $2, $3, $4, $5, 'rebuild-history') RETURNING id`,
        [model.version, from, opts.chunkSize ?? 500, actor.id, actor.name],
      );
      await this.audit.record(em, actor, {
        action: 'grading.history.rebuild',
        entityType: 'grading_run',
        entityId: row.id,
        after: { from, modelVersion: model.version },
      });
      return row.id;
    });
    let processed = 0;
    let changed = 0;
    try {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const ids = (
          await queryRows<{ id: string }>(this.dataSource, `SELECT id FROM enterprises.enterprises WHERE id > $1::uuid ORDER BY id LIMIT $2`, [
            after,
            opts.chunkSize ?? 500,
          ])
        ).map((r) => r.id);
        const lastId = ids.at(-1);
        if (lastId === undefined) break;
        for (const id of ids) {
          if (await inTransaction(this.dataSource, (em) => this.rebuildOne(em, model, id, from, today, runId))) changed++;
          processed++;
        }
        after = lastId;
        await this.dataSource.query(`UPDATE grading.runs SET processed = $2, changed = $3, last_enterprise_id = $4, updated_at = now() WHERE id = $1`, [
          runId,
          processed,
          changed,
          after,
        ]);
        opts.onProgress?.(processed, changed);
      }
    } catch (err) {
      await this.dataSource.query(`UPDATE grading.runs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
        runId,
        String((err as Error).message ?? err),
      ]);
      throw err;
    }
    const result: HistoryRebuildRun = { runId, from, modelVersion: model.version, processed, changed };
    await inTransaction(this.dataSource, async (em) => {
      await em.query(`UPDATE grading.runs SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`, [runId]);
      await this.audit.record(em, actor, { action: 'grading.history.rebuilt', entityType: 'grading_run', entityId: runId, after: result });
    });
    return result;
  }

  /** One enterprise in its own transaction under the regrade lock; true when its history changed. */
  private async rebuildOne(em: EntityManager, model: GradingModel, enterpriseId: string, from: IsoDate, today: IsoDate, runId: string): Promise<boolean> {
    await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REGRADE_LOCK, enterpriseId]);
    const all = await queryRows<StoredGrade>(
      em,
      `SELECT grade, score::float8 AS score, overridden, override_id::text AS "overrideId", model_version AS "modelVersion",
              valid_from::text AS "validFrom", valid_to::text AS "validTo", source, standing
         FROM grading.grades WHERE enterprise_id = $1 AND (valid_to IS NULL OR valid_to > valid_from) ORDER BY valid_from`,
      [enterpriseId],
    );
    // Rows after today belong to future listings (future-grades.ts): left out here, derived again below when the history moves.
    const stored = all.filter((r) => r.validFrom <= today).map((r) => (r.validTo && r.validTo > today ? { ...r, validTo: null } : r));
    const imports = stored.filter((r) => r.source === 'import' && (r.validTo === null || r.validTo > from));
    // The standing carried into `from`: the row covering the day before, when it reaches `from` without a gap.
    const before = stored.filter((r) => r.validFrom < from && (r.validTo === null || r.validTo >= from)).pop() ?? null;
    const [records, listings, overrides] = await Promise.all([
      this.credit.recordDates(em, enterpriseId),
      this.blacklist.listingDates(em, enterpriseId),
      queryRows<{ d: string }>(
        em,
        `SELECT DISTINCT d::text AS d FROM grading.overrides o, unnest(ARRAY[o.valid_from, o.valid_until]) AS d
                 WHERE o.enterprise_id = $1 AND o.status = 'approved' AND d IS NOT NULL`,
        [enterpriseId],
      ),
    ]);
    if (!stored.length && !records.length && !listings.length) return false; // never graded, nothing to grade from
    // Not before the enterprise existed: its registration date, else the first thing known of it.
    const { registered } = await querySingle<{ registered: string | null }>(
      em,
      `SELECT registered_on::text AS registered FROM enterprises.enterprises WHERE id = $1`,
      [enterpriseId],
    );
    const known = [registered, stored[0]?.validFrom, records[0]?.occurredOn].filter((d): d is string => !!d).sort()[0] ?? from;
    const start = known > from ? known : from;
    if (start > today) return false;
    const dates = eventDates(model, start, today, {
      records,
      listings,
      overrides: overrides.map((o) => o.d),
      importEnds: imports.flatMap((i) => (i.validTo ? [i.validTo] : [])),
    });
    const planned = await walkHistory(
      dates,
      today,
      { standing: before?.standing ?? null, grade: before?.grade ?? null },
      imports,
      model.version,
      async (date, standing) => {
        const [facts, active, override] = await Promise.all([
          this.credit.countingRecords(em, enterpriseId, date),
          this.blacklist.activeListings(em, enterpriseId, date),
          this.grading.activeOverride(em, enterpriseId, date),
        ]);
        return assignGrade(model, { records: facts, asOf: date, activeListings: active.map((l) => l.id), standing }, override);
      },
    );
    if (samePlan(stored, planned, from)) return false;
    await dropFutureRows(em, enterpriseId, today);

    // Rows before `from` stay; the one spanning it ends on it; the rest (not imported) give way to the plan.
    await em.query(`DELETE FROM grading.grades WHERE enterprise_id = $1 AND valid_from >= $2::date AND source <> 'import'`, [enterpriseId, from]);
    await em.query(
      `UPDATE grading.grades SET valid_to = $2::date WHERE enterprise_id = $1 AND valid_from < $2::date AND (valid_to IS NULL OR valid_to > $2::date) AND source <> 'import'`,
      [enterpriseId, from],
    );
    await em.query(
      `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, valid_to, overridden, override_id, source, run_id)
       SELECT $1, p.grade, p.score, p.model_version, p.explanation, p.standing, p.valid_from, p.valid_to, p.overridden, p.override_id, 'rebuild', $3
         FROM json_to_recordset($2::json) AS p(grade text, score numeric, model_version text, explanation jsonb, standing jsonb, valid_from date,
              valid_to date, overridden boolean, override_id uuid)`,
      [
        enterpriseId,
        JSON.stringify(
          planned.map((p) => ({
            grade: p.grade,
            score: p.score,
            model_version: p.modelVersion,
            explanation: p.explanation,
            standing: p.standing,
            valid_from: p.validFrom,
            valid_to: p.validTo,
            overridden: p.overridden,
            override_id: p.overrideId,
          })),
        ),
        runId,
      ],
    );
    await restand(em, enterpriseId);
    // today's row is the plan's last: this only writes the future listings' rows again (a no-op without them)
    await this.grading.regradeEnterprise(em, enterpriseId, today, 'rebuild');
    return true;
  }
}
