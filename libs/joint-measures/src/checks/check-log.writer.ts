import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { registerMetricProbe } from '#qcr/platform';

/** One answered check, as logged (核查日志). */
export interface CheckLogRow {
  receiptId: string;
  checkedAt: Date;
  actorKind: string;
  actorId: string;
  actorName: string;
  agencyId: string | null;
  requestId: string | null;
  batchId: string | null;
  purpose: string;
  asOf: string;
  inputCode: string;
  enterpriseId: string | null;
  verdict: string;
  /** what was answered: grade, listing references, measure codes */
  answer: unknown;
}

const FLUSH_INTERVAL_MS = 100;
const FLUSH_ROWS = 2_000;
const CHUNK_ROWS = 5_000;
const RETRY_MS = 1_000;

/**
 * Buffers check-log rows in process and writes them with one multi-row
 * INSERT … SELECT FROM unnest(…) per chunk, every ~100 ms or every 2,000 rows,
 * so the answer never waits for its log row. Writes are serialised (one in
 * flight at a time); a failed write keeps its rows and retries. The buffer is
 * drained on shutdown, and `flush()` lets a reader see everything answered so
 * far (receipt lookups, feedback, statistics).
 *
 * What it cannot do: survive a crash of the process (kill -9, OOM) — up to
 * ~100 ms of answered checks would be unlogged. That is the price of not
 * adding a write to every answer; docs/checks.md says so.
 */
@Injectable()
export class CheckLogWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('CheckLogWriter');
  private buffer: CheckLogRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly db: DataSource) {
    registerMetricProbe('check_log_buffer', () => this.buffer.length); // read at scrape time only
  }

  append(rows: CheckLogRow[]): void {
    for (const row of rows) this.buffer.push(row);
    // A full buffer (a batch of thousands) is written on the next turn of the event loop, after the answer that
    // filled it has been serialised and sent: building the INSERT's arrays for 10,000 rows takes tens of ms.
    if (this.buffer.length >= FLUSH_ROWS) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), 0);
    } else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_INTERVAL_MS);
  }

  /** Resolves when every row appended before the call is in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.buffer;
    this.buffer = [];
    const attempt = this.writing.catch(() => undefined).then(() => this.write(rows));
    this.writing = attempt;
    return attempt;
  }

  get pending(): number {
    return this.buffer.length;
  }

  async onApplicationShutdown(): Promise<void> {
    // Bounded: if the database is gone there is nothing left to try with.
    for (let i = 0; i < 3; i++) {
      try {
        await this.flush();
        return;
      } catch (err) {
        this.logger.error({ err, pending: this.buffer.length }, 'check log flush on shutdown failed');
      }
    }
  }

  private async write(rows: CheckLogRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const chunk = rows.slice(start, start + CHUNK_ROWS);
      try {
        await this.insert(chunk);
      } catch (err) {
        // Keep what was not written at the front of the buffer and try again later.
        this.buffer = [...rows.slice(start), ...this.buffer];
        this.logger.error({ err, rows: rows.length - start }, 'check log write failed; will retry');
        this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), RETRY_MS);
        throw err;
      }
    }
  }

  /**
   * One statement, one parameter: the rows as a JSON array, unpacked by json_to_recordset. JSON.stringify is
   * native; fourteen text arrays (the unnest form) were escaped element by element in JS by pg — measured on a
   * 10,000-code batch, the log write was the larger part of the batch's own CPU (docs/performance.md).
   */
  private async insert(rows: CheckLogRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO measures.checks (receipt_id, checked_at, actor_kind, actor_id, actor_name, agency_id, request_id, batch_id,
                                    purpose, as_of, input_code, enterprise_id, verdict, answer)
       SELECT "receiptId", "checkedAt", "actorKind", "actorId", "actorName", "agencyId", "requestId", "batchId",
              purpose, "asOf", "inputCode", "enterpriseId", verdict, answer
         FROM json_to_recordset($1::json) AS r("receiptId" uuid, "checkedAt" timestamptz, "actorKind" text, "actorId" text,
              "actorName" text, "agencyId" uuid, "requestId" text, "batchId" uuid, purpose text, "asOf" date, "inputCode" text,
              "enterpriseId" uuid, verdict text, answer jsonb)
       ON CONFLICT (receipt_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}
