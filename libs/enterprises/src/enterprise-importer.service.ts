import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import {
  type Actor,
  AppConfig,
  authorityCovering,
  BULK_DATA_SOURCE,
  BulkConnection,
  DomainEvents,
  inTransaction,
  isPgError,
  paceAfter,
  PG,
  problem,
  queryChanged,
  queryOne,
  queryRows,
  querySingle,
  todayInChina,
  yieldToRequests,
} from '#qcr/platform';
import type { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { describeChange } from './enterprise-registrar.service.js';
import { ENTERPRISE_CHANGED } from './enterprise.types.js';
import { EnterpriseProblems } from './enterprises.problems.js';
import { type ImportField, type ImportRowError, mapHeader, validateRow } from './import/csv-columns.js';
import { type CsvRecord, CsvReader } from './import/csv-reader.js';
import { decodeCsvBytes } from './import/decode.js';
import {
  COPY_NEW_ENTERPRISES,
  copyIntoStage,
  copyLines,
  CREATE_STAGE,
  newEnterpriseLine,
  type PgClient,
  REJECT_USCC_CONFLICTS,
  type StagedRow,
  UPSERT_FROM_STAGE,
  UPSERT_FROM_STAGE_ON_CONFLICT,
} from './import/staging.js';
import { PersonalDataCipher } from './personal-data.js';
import { ReferenceCache } from './reference-cache.js';
import { PersonRegistry } from './persons/person-registry.service.js';

export interface ImportSummary {
  id: string;
  fileName: string | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** true when the file changed nothing (e.g. a re-import) */
  noChanges: boolean;
  errors: ImportRowError[];
  /** only the first MAX_REPORTED_ERRORS errors are kept */
  errorsTruncated: boolean;
}

export interface ImportOptions {
  fileName?: string;
  batchSize?: number;
  onProgress?: (progress: { rowsRead: number; inserted: number; updated: number; rejected: number }) => void;
}

const MAX_REPORTED_ERRORS = 10_000;
/** Enterprises per ENTERPRISE_CHANGED event of an import batch (see publishBatch). */
const EVENT_SLICE = 500;
/** Parsed records validated and sealed between two yields to requests (one upload chunk can hold thousands). */
const PARSE_SLICE = 250;

/**
 * Streaming CSV import: parse → validate per row → COPY a batch into a staging
 * table → one upsert per batch (one transaction per batch). Bad rows are reported
 * with their line numbers and never stop good ones. The import as a whole is one
 * audit entry and one row in enterprises.imports (its downloadable report).
 */
@Injectable()
export class EnterpriseImporter {
  constructor(
    @InjectDataSource(BULK_DATA_SOURCE) private readonly db: DataSource, // bulk work: its own small pool (issue 25)
    private readonly audit: AuditLog,
    private readonly cipher: PersonalDataCipher,
    private readonly reference: ReferenceCache,
    private readonly persons: PersonRegistry,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  async importEnterprisesCsv(stream: AsyncIterable<Buffer | string> | Readable, actor: Actor, opts: ImportOptions = {}): Promise<ImportSummary> {
    const startedAt = new Date();
    // 10k, not 50k: each write is a shorter step between pauses, and two batches in memory stay small (issue 25).
    const batchSize = opts.batchSize ?? 10_000;
    const ref = await this.reference.get();
    const known = { divisions: new Set(ref.divisions.keys()), industries: new Set(ref.industries.keys()) };
    const errors: ImportRowError[] = [];
    let rejected = 0;
    const reject = (e: ImportRowError[]) => {
      rejected++;
      for (const err of e) if (errors.length < MAX_REPORTED_ERRORS) errors.push(err);
    };
    const totals = { rowsRead: 0, inserted: 0, updated: 0, rejected: 0 };
    const firstLine = new Map<string, number>(); // org code → line first seen (duplicates within the file)

    const today = todayInChina();
    let index: Partial<Record<ImportField, number>> | null = null;
    let batch: StagedRow[] = [];
    // One batch is written (in its own transaction) while the next one is parsed: the parse and
    // validation run in this process, the write in PostgreSQL, so the two overlap.
    let writing: Promise<void> = Promise.resolve();
    // Every batch goes through one connection whose backend runs at a lower OS priority than the check backends
    // (QCR_BULK_NICE, platform bulk-connection.ts); it is ended, not pooled, when the import is done.
    const connection = await BulkConnection.open(this.db, this.config.QCR_BULK_NICE);
    const flush = async () => {
      await writing;
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const began = performance.now();
      const write = this.writeBatch(connection, rows, actor, today, reject).then(async (result) => {
        await paceAfter(performance.now() - began); // lower priority than requests: bulk-work.ts
        totals.inserted += result.inserted;
        totals.updated += result.updated;
        totals.rejected = rejected;
        opts.onProgress?.({ ...totals });
      });
      write.catch(() => undefined); // awaited at the next flush
      writing = write;
    };

    const take = (rec: CsvRecord) => {
      const line = rec.line;
      if (rec.error !== undefined) {
        if (index) totals.rowsRead++;
        reject([{ line, field: '*', rule: 'csv', message: rec.error }]);
        return;
      }
      const record = rec.cells;
      if (!index) {
        const header = mapHeader(record);
        if (header.missing.length) {
          throw problem(
            EnterpriseProblems.importHeader,
            `missing column(s): ${header.missing.join(', ')}`,
            header.missing.map((m) => ({
              field: m,
              rule: 'required_column',
              message: `column ${m} is required`,
            })),
          );
        }
        index = header.index;
        return;
      }
      totals.rowsRead++;
      const result = validateRow(record, line, index, known);
      if ('errors' in result) {
        reject(result.errors);
        return;
      }
      const row = result.row;
      // DOMAIN.md §7 (issue 24): a staff import registers and corrects only enterprises within the authority's region
      if (actor.kind === 'staff' && !authorityCovering(actor, row.regionCode)) {
        reject([{ line, field: 'region_code', rule: 'jurisdiction.region', message: `region ${row.regionCode} is outside the authority's region` }]);
        return;
      }
      const seen = firstLine.get(row.orgCode);
      if (seen !== undefined) {
        reject([{ line, field: row.uscc ? 'uscc' : 'org_code', rule: 'duplicate_in_file', message: `same enterprise as line ${seen}` }]);
        return;
      }
      firstLine.set(row.orgCode, line);
      const sealed = this.cipher.seal(row.legalRepId);
      batch.push({
        line,
        uscc: row.uscc,
        orgCode: row.orgCode,
        name: row.name,
        legalRepName: row.legalRepName,
        legalRepIdEnc: sealed.enc,
        legalRepIdHash: sealed.hash,
        legalRepIdMasked: sealed.masked,
        legalRepPhone: this.cipher.sealPhone(row.legalRepPhone),
        regionCode: row.regionCode,
        industryCode: row.industryCode,
        status: row.status,
        address: row.address,
        registeredOn: row.registeredOn,
      });
    };

    // Batches start small and double up to batchSize, so the database starts writing early instead of
    // waiting for a whole first batch to be parsed.
    let limit = Math.max(1_000, Math.floor(batchSize / 8));
    const reader = new CsvReader();
    const records: CsvRecord[] = [];
    try {
      for await (const text of decodeCsvBytes(stream as AsyncIterable<Buffer | string>)) {
        records.length = 0;
        reader.push(text, records);
        // validation and sealing cost ~10-20 µs a row: a few hundred rows at a time between answers
        for (let i = 0; i < records.length; i += PARSE_SLICE) {
          for (const record of records.slice(i, i + PARSE_SLICE)) take(record);
          await yieldToRequests();
        }
        if (batch.length >= limit) {
          await flush();
          limit = Math.min(batchSize, limit * 2);
        }
      }
      records.length = 0;
      for (const rec of reader.end(records)) take(rec);
      if (!index) throw problem(EnterpriseProblems.importHeader, 'the file is empty: expected a header line and rows');
      await flush();
      await flush(); // waits for the last write
    } finally {
      await writing.catch(() => undefined); // a batch still writing ends (commit or rollback) before its connection
      await connection.close();
    }

    const accepted = totals.rowsRead - rejected;
    const summary: Omit<ImportSummary, 'id'> = {
      fileName: opts.fileName ?? null,
      rowsRead: totals.rowsRead,
      inserted: totals.inserted,
      updated: totals.updated,
      unchanged: accepted - totals.inserted - totals.updated,
      rejected,
      noChanges: totals.inserted === 0 && totals.updated === 0,
      errors: errors.sort((a, b) => a.line - b.line),
      errorsTruncated: errors.length >= MAX_REPORTED_ERRORS,
    };
    const id = await inTransaction(this.db, async (em) => {
      const { id } = await querySingle<{ id: string }>(
        em,
        `INSERT INTO enterprises.imports (file_name, actor_id, started_at, rows_read, inserted, updated, unchanged, rejected, errors)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
        [
          summary.fileName,
          actor.id,
          startedAt,
          summary.rowsRead,
          summary.inserted,
          summary.updated,
          summary.unchanged,
          summary.rejected,
          JSON.stringify(summary.errors),
        ],
      );
      const { errors: _e, ...counts } = summary;
      await this.audit.record(em, actor, { action: 'enterprise.imported', entityType: 'enterprise-import', entityId: id, after: counts });
      return id;
    });
    return { id, ...summary };
  }

  async findImport(id: string): Promise<ImportSummary> {
    const row = await queryOne<Omit<ImportSummary, 'noChanges' | 'errorsTruncated'>>(
      this.db,
      `SELECT id, file_name AS "fileName", rows_read AS "rowsRead", inserted, updated, unchanged, rejected, errors
         FROM enterprises.imports WHERE id = $1`,
      [id],
    );
    if (!row) throw problem(EnterpriseProblems.importNotFound, `no import ${id}`);
    return { ...row, noChanges: row.inserted === 0 && row.updated === 0, errorsTruncated: row.errors.length >= MAX_REPORTED_ERRORS };
  }

  /**
   * One transaction. Rows whose organisation code is not registered go straight into enterprises.enterprises by
   * COPY (a multi-row insert; the whole import of 300k new rows went from 20.0 s to 15.3 s with it); the
   * others are staged by COPY, rows conflicting with a registered USCC are dropped, and the rest upserted. A batch
   * whose direct COPY races a registration of the same enterprise is rolled back to its savepoint and staged whole.
   */
  /**
   * The batch's records (new or updated) as events in its transaction; subscribers diff set-wise. In slices of
   * EVENT_SLICE enterprises with a yield between: the change outbox computes every enterprise's answer in this
   * process, and one event for a 10k batch held the event loop for up to 980 ms (CPU profile of the 200k import
   * under check load, issue 25); a slice is a twentieth of that.
   */
  private async publishBatch(qr: QueryRunner, rows: StagedRow[]): Promise<void> {
    const ids = await queryRows<{ id: string }>(qr, `SELECT id FROM enterprises.enterprises WHERE org_code = ANY($1::text[])`, [rows.map((r) => r.orgCode)]);
    for (let i = 0; i < ids.length; i += EVENT_SLICE) {
      await this.events.publish(qr.manager, { type: ENTERPRISE_CHANGED, enterpriseIds: ids.slice(i, i + EVENT_SLICE).map((r) => r.id) });
      await yieldToRequests();
    }
  }

  private async writeBatch(connection: BulkConnection, rows: StagedRow[], actor: Actor, today: string, reject: (e: ImportRowError[]) => void) {
    const qr: QueryRunner = connection.runner;
    const client = connection.client as PgClient;
    try {
      await qr.startTransaction();
      await describeChange(qr.manager, actor, 'imported');
      const registered = new Set<string>(
        (
          await queryRows<{ org_code: string }>(qr, `SELECT org_code FROM enterprises.enterprises WHERE org_code = ANY($1::text[])`, [
            rows.map((r) => r.orgCode),
          ])
        ).map((r) => r.org_code),
      );
      let copied = 0;
      let staged = rows;
      if (registered.size < rows.length) {
        const fresh = rows.filter((r) => !registered.has(r.orgCode));
        await qr.query(`SAVEPOINT fresh`);
        try {
          await copyLines(
            client,
            COPY_NEW_ENTERPRISES,
            (function* () {
              for (const r of fresh) yield newEnterpriseLine(r, today);
            })(),
          );
          await qr.query(`RELEASE SAVEPOINT fresh`);
          copied = fresh.length;
          staged = rows.filter((r) => registered.has(r.orgCode));
        } catch (err) {
          if (!isPgError(err, PG.uniqueViolation)) throw err;
          await qr.query(`ROLLBACK TO SAVEPOINT fresh`); // raced a registration: the staged upsert keeps the registered row
        }
      }
      if (staged.length === 0) {
        await this.persons.linkImported(
          qr.manager,
          rows.map((r) => r.orgCode),
        );
        await this.publishBatch(qr, rows);
        await qr.commitTransaction();
        return { inserted: copied, updated: 0 };
      }
      await qr.query(CREATE_STAGE);
      await copyIntoStage(client, staged);
      // DELETE … RETURNING answers [rows, count].
      const { rows: conflicts } = await queryChanged<{ line: number; uscc: string; registered: string }>(qr, REJECT_USCC_CONFLICTS);
      for (const c of conflicts) {
        reject([{ line: c.line, field: 'uscc', rule: 'uscc_conflict', message: `organisation code already registered with USCC ${c.registered}` }]);
      }
      let counts: { inserted: number; updated: number };
      await qr.query(`SAVEPOINT upsert`);
      try {
        counts = await querySingle<{ inserted: number; updated: number }>(qr, UPSERT_FROM_STAGE, [today]);
        await qr.query(`RELEASE SAVEPOINT upsert`);
      } catch (err) {
        if (!isPgError(err, PG.uniqueViolation)) throw err;
        await qr.query(`ROLLBACK TO SAVEPOINT upsert`); // raced a registration: keep the registered row
        counts = await querySingle<{ inserted: number; updated: number }>(qr, UPSERT_FROM_STAGE_ON_CONFLICT, [today]);
      }
      // Legal representatives as persons with their roles (issue 18), set-based over the batch.
      await this.persons.linkImported(
        qr.manager,
        rows.map((r) => r.orgCode),
      );
      await this.publishBatch(qr, rows);
      await qr.commitTransaction();
      return { inserted: copied + counts.inserted, updated: counts.updated };
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    }
  }
}
