import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '#qcr/audit';
import { EnterprisesService } from '#qcr/enterprises';
import {
  type Actor,
  authorityCovering,
  inTransaction,
  isPgError,
  PG,
  problem,
  queryOne,
  readTable,
  type TableFile,
  TableReadError,
  todayInChina,
} from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { GradingModels } from '../grading-models.service.js';
import { GradingProblems } from '../grading.problems.js';
import { GradingService } from '../grading.service.js';
import { restand } from './restand.js';
import { checkRow, HISTORY_COLUMNS, type HistoryRow, overlapsInFile, type RowError } from './grade-history-rows.js';

export interface GradeHistoryImport {
  id: string;
  fileName: string;
  rowsRead: number;
  inserted: number;
  unchanged: number;
  enterprisesRegraded: number;
  noChanges: boolean;
}

// Same key as GradingService's regrade lock: an import and a regrade of one enterprise never interleave.
const REGRADE_LOCK = 7_305_001;

/**
 * 历史评价导入 (issue 15): past grades from earlier provincial records, so progression (AA after 2 years at A or
 * better, AAA after 1 year at AA) counts years before this registry existed. All or nothing: any bad row rejects the
 * file (422 GRADING.HISTORY_INVALID with every row's errors). Idempotent: a period already imported with the same
 * grade is `unchanged`. One audit entry `grading.history.imported` per import. After the rows go in, each touched
 * enterprise's standing is recomputed along its history and it is regraded today, in the same transaction.
 */
@Injectable()
export class GradeHistoryImporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly models: GradingModels,
    private readonly grading: GradingService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The file as bytes (or text): read by the platform's table reader shared with the supplier check (issue 17),
   * so a UTF-8 (BOM or not), GBK or GB18030 CSV, an .xlsx (first sheet) or pasted tab-separated columns all work.
   * Line numbers in errors are the file's own lines (xlsx: rows).
   */
  async importCsv(input: string | Buffer, actor: Actor, fileName: string): Promise<GradeHistoryImport> {
    const today = todayInChina();
    let table: TableFile;
    try {
      table = await readTable(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'));
    } catch (err) {
      if (!(err instanceof TableReadError)) throw reject([{ line: 0, field: 'file', rule: 'csv', message: (err as Error).message }]);
      throw reject([{ line: 0, field: 'file', rule: err.rule, message: err.message }]);
    }
    const header = (table.rows[0]?.cells ?? []).map((c) => c.trim().toLowerCase());
    const records = table.rows.slice(1).map((r) => ({ line: r.line, raw: Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ''])) }));
    const missing = HISTORY_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length) throw reject(missing.map((c) => ({ line: table.rows[0]?.line ?? 1, field: c, rule: 'column', message: `column ${c} is missing` })));

    const errors: RowError[] = [];
    const rows: Array<HistoryRow & { enterpriseId: string }> = [];
    for (const { line, raw } of records) {
      const checked = checkRow(line, raw, today);
      if (Array.isArray(checked)) {
        errors.push(...checked);
        continue;
      }
      const ref = await this.enterprises.resolve(checked.code);
      if (!ref) errors.push({ line: checked.line, field: 'enterprise_code', rule: 'not_registered', message: `no enterprise with code ${checked.code}` });
      // DOMAIN.md §7 (issue 24): a staff import writes only for enterprises within the acting authority's region
      else if (actor.kind === 'staff' && !authorityCovering(actor, ref.regionCode)) {
        errors.push({
          line: checked.line,
          field: 'enterprise_code',
          rule: 'jurisdiction.region',
          message: `enterprise ${checked.code} (region ${ref.regionCode}) is outside the authority's region`,
        });
      } else rows.push({ ...checked, enterpriseId: ref.id });
    }
    errors.push(...overlapsInFile(rows));
    if (errors.length) throw reject(errors);

    const model = await this.models.active();
    const floor = new Map(model.thresholds.map((t) => [t.grade, t.minScore]));
    const id = randomUUID();
    return inTransaction(this.dataSource, async (em) => {
      let inserted = 0;
      const touched = new Set<string>();
      const stored: RowError[] = [];
      for (const r of rows) {
        await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REGRADE_LOCK, r.enterpriseId]);
        const same = await queryOne(
          em,
          `SELECT 1 FROM grading.grades WHERE enterprise_id = $1 AND valid_from = $2 AND valid_to = $3 AND grade = $4 AND source = 'import'`,
          [r.enterpriseId, r.validFrom, r.validTo, r.grade],
        );
        if (same) continue;
        await em.query('SAVEPOINT history_row');
        try {
          await em.query(
            `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, valid_to, source)
             VALUES ($1, $2, $3, $4, $5, '{}', $6, $7, 'import')`,
            [
              r.enterpriseId,
              r.grade,
              floor.get(r.grade) ?? 0,
              model.version,
              JSON.stringify(importedExplanation(model.version, r, id, floor.get(r.grade) ?? 0)),
              r.validFrom,
              r.validTo,
            ],
          );
          await em.query('RELEASE SAVEPOINT history_row');
          inserted++;
          touched.add(r.enterpriseId);
        } catch (err) {
          if (!isPgError(err, PG.exclusionViolation)) throw err;
          await em.query('ROLLBACK TO SAVEPOINT history_row');
          stored.push({ line: r.line, field: 'valid_from', rule: 'overlap_stored', message: `overlaps a grade already on file for ${r.code}` });
        }
      }
      if (stored.length) throw reject(stored); // rolls the whole import back
      for (const enterpriseId of touched) {
        // twice: an enterprise without a current row gets one from the first regrade, which the second restand joins
        // to the imported periods before the second regrade (a no-op when nothing moves)
        for (let pass = 0; pass < 2; pass++) {
          await restand(em, enterpriseId);
          await this.grading.regradeEnterprise(em, enterpriseId, today, 'history-import', { refreshExplanation: true });
        }
      }
      const result: GradeHistoryImport = {
        id,
        fileName,
        rowsRead: records.length,
        inserted,
        unchanged: rows.length - inserted,
        enterprisesRegraded: touched.size,
        noChanges: inserted === 0,
      };
      await this.audit.record(em, actor, { action: 'grading.history.imported', entityType: 'grade-history-import', entityId: id, after: result });
      return result;
    });
  }
}

function reject(errors: RowError[]) {
  return problem(
    GradingProblems.historyInvalid,
    `${errors.length} problem(s); nothing was imported`,
    errors.slice(0, 1000).map((e) => ({ field: e.field, rule: e.rule, message: `line ${e.line}: ${e.message}` })),
    { rows: errors.slice(0, 1000) },
  );
}

function importedExplanation(modelVersion: string, r: HistoryRow, importId: string, score: number) {
  return {
    modelVersion,
    asOf: r.validFrom,
    baseScore: score,
    lines: [],
    score,
    thresholdGrade: r.grade,
    progression: [],
    caps: [],
    grade: r.grade,
    imported: { authority: r.authority, importId, note: 'score is the grade floor of the active model; the source record carries no score' },
  };
}
