import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { EnterprisesService } from '#qcr/enterprises';
import {
  type Actor,
  authorityCovering,
  BULK_DATA_SOURCE,
  decodeTextStream,
  DomainEvents,
  inTransaction,
  paceAfter,
  problem,
  todayInChina,
} from '#qcr/platform';
import { parse } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { CreditProblems } from './credit.problems.js';
import { CREDIT_RECORD_CHANGED } from './credit.types.js';
import { CreditRecordsRepository } from './credit-records.repository.js';
import {
  categoryIndex,
  type CreditImportField,
  type CreditImportRowError,
  mapCreditHeader,
  validateCreditRow,
  type ValidCreditRow,
} from './import/credit-csv.js';

export interface CreditImportSummary {
  /** the id of the import's audit entry (entityType `credit-import`) */
  id: string;
  fileName: string | null;
  rowsRead: number;
  /** new records */
  inserted: number;
  /** rows already recorded (same enterprise, category and document number): left as they are */
  unchanged: number;
  rejected: number;
  /** enterprises regraded because they got new records */
  enterprisesRegraded: number;
  /** true when the file changed nothing (e.g. a re-import) */
  noChanges: boolean;
  errors: CreditImportRowError[];
  /** only the first MAX_REPORTED_ERRORS errors are kept */
  errorsTruncated: boolean;
}

export interface CreditImportOptions {
  fileName?: string;
  batchSize?: number;
  onProgress?: (progress: { rowsRead: number; inserted: number; unchanged: number; rejected: number }) => void;
}

const MAX_REPORTED_ERRORS = 10_000;

/**
 * Bulk import of quality credit information from CSV (issue 4): streaming parse, per-row checks with the
 * rules of the single-record endpoint, then per batch one transaction: one lookup of the enterprises, one
 * set-based INSERT … ON CONFLICT DO NOTHING (re-importing the same file changes nothing), an audit entry per
 * new record (as for a single record) and one `credit.record-changed` per enterprise that got records, so
 * grading regrades each such enterprise once, in the batch's transaction. Bad rows never stop good ones.
 */
@Injectable()
export class CreditRecordsImporter {
  constructor(
    @InjectDataSource(BULK_DATA_SOURCE) private readonly dataSource: DataSource, // bulk work: its own small pool (issue 25)
    private readonly repo: CreditRecordsRepository,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  async importCreditRecordsCsv(stream: AsyncIterable<Buffer | string> | Readable, actor: Actor, opts: CreditImportOptions = {}): Promise<CreditImportSummary> {
    const batchSize = opts.batchSize ?? 1000;
    const today = todayInChina();
    const categories = categoryIndex(await this.repo.categories());
    const errors: CreditImportRowError[] = [];
    const totals = { rowsRead: 0, inserted: 0, unchanged: 0, rejected: 0 };
    const regraded = new Set<string>();
    const reject = (e: CreditImportRowError[]) => {
      totals.rejected++;
      for (const err of e) if (errors.length < MAX_REPORTED_ERRORS) errors.push(err);
    };
    const firstLine = new Map<string, number>(); // enterprise|category|document → line first seen

    const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, skip_records_with_error: true });
    parser.on('skip', (err: { lines?: number; message: string }) => {
      totals.rowsRead++;
      reject([{ line: err.lines ?? 0, field: '*', rule: 'csv', message: err.message }]);
    });
    const source = Readable.from(
      decodeTextStream(stream as AsyncIterable<Buffer | string>, (encoding) =>
        problem(CreditProblems.importEncoding, `the file is not valid ${encoding} text; save it as UTF-8 (CSV UTF-8) and retry`),
      ),
    );
    source.on('error', (err) => parser.destroy(err));
    source.pipe(parser);

    let index: Partial<Record<CreditImportField, number>> | null = null;
    let batch: ValidCreditRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const began = performance.now();
      await this.writeBatch(rows, actor, opts.fileName ?? null, { reject, firstLine, totals, regraded });
      await paceAfter(performance.now() - began); // lower priority than requests: platform bulk-work.ts
      opts.onProgress?.({ ...totals });
    };

    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!index) {
        const header = mapCreditHeader(record);
        if (header.missing.length) {
          throw problem(
            CreditProblems.importHeader,
            `missing column(s): ${header.missing.join(', ')}`,
            header.missing.map((m) => ({
              field: m,
              rule: 'required_column',
              message: `column ${m} is required`,
            })),
          );
        }
        index = header.index;
        continue;
      }
      totals.rowsRead++;
      const result = validateCreditRow(record, info.lines, index, categories, today);
      if ('errors' in result) {
        reject(result.errors);
        continue;
      }
      batch.push(result.row);
      if (batch.length >= batchSize) await flush();
    }
    if (!index) throw problem(CreditProblems.importHeader, 'the file is empty: expected a header line and rows');
    await flush();

    const summary: Omit<CreditImportSummary, 'id'> = {
      fileName: opts.fileName ?? null,
      ...totals,
      enterprisesRegraded: regraded.size,
      noChanges: totals.inserted === 0,
      errors: errors.sort((a, b) => a.line - b.line),
      errorsTruncated: errors.length >= MAX_REPORTED_ERRORS,
    };
    const id = randomUUID();
    await inTransaction(this.dataSource, async (em) => {
      const { errors: _e, ...counts } = summary;
      await this.audit.record(em, actor, { action: 'credit.records.imported', entityType: 'credit-import', entityId: id, after: counts });
    });
    return { id, ...summary };
  }

  /** One transaction: resolve the batch's enterprises, insert the new records, audit them, regrade once per enterprise. */
  private async writeBatch(
    rows: ValidCreditRow[],
    actor: Actor,
    fileName: string | null,
    state: {
      reject: (e: CreditImportRowError[]) => void;
      firstLine: Map<string, number>;
      totals: { inserted: number; unchanged: number };
      regraded: Set<string>;
    },
  ): Promise<void> {
    const refs = await this.enterprises.resolveMany(rows.map((r) => r.code));
    const accepted: Array<ValidCreditRow & { enterpriseId: string }> = [];
    for (const row of rows) {
      const ref = refs.get(row.code);
      if (!ref) {
        state.reject([
          row.codeProblem
            ? { line: row.line, field: 'enterprise_code', rule: row.codeProblem.rule, message: row.codeProblem.message }
            : { line: row.line, field: 'enterprise_code', rule: 'not_registered', message: `no enterprise registered with code ${row.code}` },
        ]);
        continue;
      }
      // DOMAIN.md §7 (issue 24): a staff import writes only for enterprises within the acting authority's region
      if (actor.kind === 'staff' && !authorityCovering(actor, ref.regionCode)) {
        state.reject([
          {
            line: row.line,
            field: 'enterprise_code',
            rule: 'jurisdiction.region',
            message: `enterprise ${row.code} (region ${ref.regionCode}) is outside the authority's region`,
          },
        ]);
        continue;
      }
      const key = `${ref.id}|${row.categoryCode}|${row.documentNumber}`;
      const seen = state.firstLine.get(key);
      if (seen !== undefined) {
        state.reject([{ line: row.line, field: 'document_number', rule: 'duplicate_in_file', message: `same record as line ${seen}` }]);
        continue;
      }
      state.firstLine.set(key, row.line);
      accepted.push({ ...row, enterpriseId: ref.id });
    }
    if (accepted.length === 0) return;

    await inTransaction(this.dataSource, async (em: EntityManager) => {
      const created: Array<{ id: string; enterprise_id: string }> = await em.query(
        `INSERT INTO credit.records (enterprise_id, category_code, severity, polarity, occurred_on, publish_until, document_number,
           issuing_department, legal_basis, description, source, strict_repair, created_by)
         SELECT x.e, x.c, x.sv, x.p, x.o, x.u, x.d, x.i, x.l, x.ds, 'import', x.st, $2
           FROM json_to_recordset($1::json) AS x(e uuid, c text, sv text, p text, o date, u date, d text, i text, l text, ds text, st boolean)
         ON CONFLICT ON CONSTRAINT records_document_unique DO NOTHING
         RETURNING id, enterprise_id`,
        [
          JSON.stringify(
            accepted.map((r) => ({
              e: r.enterpriseId,
              c: r.categoryCode,
              sv: r.severity,
              p: r.polarity,
              o: r.occurredOn,
              u: r.publishUntil,
              d: r.documentNumber,
              i: r.issuingDepartment,
              l: r.legalBasis,
              ds: r.description,
              st: r.strictRepair,
            })),
          ),
          actor.id,
        ],
      );
      const records = await this.repo.findRecords(
        em,
        created.map((c) => c.id),
      );
      records.sort((a, b) => (a.enterpriseId + a.id).localeCompare(b.enterpriseId + b.id));
      await this.audit.recordMany(
        em,
        actor,
        records.map((record) => ({
          action: 'credit.record.create',
          entityType: 'credit_record',
          entityId: record.id,
          after: record,
          reason: `imported${fileName ? ` from ${fileName}` : ''}`,
        })),
      );
      // One regrade per enterprise, in a fixed order (the per-enterprise regrade locks never interleave in reverse).
      const enterpriseIds = [...new Set(created.map((c) => c.enterprise_id))].sort();
      for (const enterpriseId of enterpriseIds) {
        await this.events.publish(em, {
          type: CREDIT_RECORD_CHANGED,
          enterpriseId,
          recordIds: created.filter((c) => c.enterprise_id === enterpriseId).map((c) => c.id),
        });
      }
      state.totals.inserted += created.length;
      state.totals.unchanged += accepted.length - created.length;
      for (const id of enterpriseIds) state.regraded.add(id);
    });
  }
}
