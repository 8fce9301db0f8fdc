import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AppConfig,
  BULK_DATA_SOURCE,
  addDays,
  isIsoDate,
  type IsoDate,
  problem,
  queryRows,
  querySingle,
  releaseMemoryAfterBulkRun,
  todayInChina,
  yieldToRequests,
} from '#qcr/platform';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { ChangeProblems } from '../changes.problems.js';
import { ChangeSequencer } from '../outbox/change-sequencer.js';
import { CSV_COLUMNS, csvLine, type ExtractRow, jsonLine } from './extract-rows.js';
import { GzipFile, type WrittenFile } from './extract-writer.js';

export const EXTRACT_FILES = ['full.csv.gz', 'full.jsonl.gz', 'delta.csv.gz', 'delta.jsonl.gz', 'manifest.json', 'manifest.json.sig'] as const;
const BATCH = 5_000;

export interface ExtractManifest {
  date: IsoDate;
  generatedAt: string;
  /** the change feed's cursor the extract is consistent with: resume the feed from here */
  throughCursor: string;
  /** the extract the delta is against (null: the first one, no delta) */
  previous: IsoDate | null;
  files: WrittenFile[];
  signature: { algorithm: 'Ed25519'; file: 'manifest.json.sig'; publicKey: '/api/v1/extracts/signing-key' };
}

const ROWS = `
  SELECT e.id, e.uscc, e.org_code AS "orgCode", e.name, e.status, g.grade, g.valid_from::text AS "gradeFrom",
         coalesce((SELECT json_agg(l.summary ORDER BY l.start_date, l.seq) FROM blacklist.listings_on(e.id, $2::date) l), '[]') AS listings
    FROM enterprises.enterprises e
    LEFT JOIN LATERAL grading.grade_on(e.id, $2::date) g ON true`;

/**
 * Daily extracts (issue 20, after SAM.gov's daily exclusion extracts): every enterprise with its grade and listings in
 * force (CSV and JSON Lines, gzip) and the delta since the previous extract (the enterprises the change feed names
 * in between), with a SHA-256 manifest signed by the registry's Ed25519 key. Streamed in keyset batches on the bulk
 * pool, so memory stays flat whatever the register's size.
 */
@Injectable()
export class ExtractsService {
  private readonly log = new Logger('Extracts');
  private key: KeyObject | null = null;

  constructor(
    @InjectDataSource(BULK_DATA_SOURCE) private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly sequencer: ChangeSequencer,
  ) {}

  private get root(): string {
    return resolve(this.config.QCR_EXTRACTS_DIR);
  }

  /**
   * Builds the extract of `date` (today in China by default); an extract already built is answered as it is.
   * Runs are serialised — in this process by a queue, across API workers and hosts by a session advisory lock —
   * because a run prunes older extracts, which another run may be reading as its `previous`. A run reads on the
   * lock's own connection: it holds one of the small bulk pool's connections, never both.
   */
  run(date: IsoDate = todayInChina()): Promise<ExtractManifest> {
    const next = this.queue.then(() => this.locked(date));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private queue: Promise<unknown> = Promise.resolve();

  private async locked(date: IsoDate): Promise<ExtractManifest> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('qcr.extracts'))`);
      return await this.build(date, runner);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('qcr.extracts'))`).catch(() => undefined);
      await runner.release();
      // a bulk run: its batches' garbage goes back to the system now (issue 20, releaseMemoryAfterBulkRun)
      void releaseMemoryAfterBulkRun().catch((err: Error) => this.log.warn(`releasing memory after the extract: ${err.message}`));
    }
  }

  private async build(date: IsoDate, db: QueryRunner): Promise<ExtractManifest> {
    const final = join(this.root, date);
    if (existsSync(join(final, 'manifest.json'))) return this.manifest(date);
    await mkdir(this.root, { recursive: true });
    const tmp = join(this.root, `.${date}-${randomBytes(4).toString('hex')}`);
    await mkdir(tmp);
    try {
      // the changes committed before the run have their cursors, so the delta's range holds them
      await this.sequencer.catchUp();
      const { through } = await querySingle<{ through: string }>(db, `SELECT coalesce(max(cursor), 0)::text AS through FROM changes.events`);
      const previous = (await this.dates()).filter((d) => d < date).at(-1) ?? null;
      const files = [...(await this.write(db, tmp, 'full', date, null))];
      if (previous) {
        const prev = await this.manifest(previous);
        const ids = (
          await queryRows<{ id: string }>(db, `SELECT DISTINCT enterprise_id AS id FROM changes.events WHERE cursor > $1::bigint AND cursor <= $2::bigint`, [
            prev.throughCursor,
            through,
          ])
        ).map((r) => r.id);
        files.push(...(await this.write(db, tmp, 'delta', date, ids)));
      }
      const manifest: ExtractManifest = {
        date,
        generatedAt: new Date().toISOString(),
        throughCursor: through,
        previous,
        files,
        signature: { algorithm: 'Ed25519', file: 'manifest.json.sig', publicKey: '/api/v1/extracts/signing-key' },
      };
      const body = Buffer.from(JSON.stringify(manifest, null, 2));
      await writeFile(join(tmp, 'manifest.json'), body);
      await writeFile(join(tmp, 'manifest.json.sig'), sign(null, body, await this.signingKey()).toString('base64'));
      await rename(tmp, final);
      await this.prune(date);
      this.log.log(`extract ${date}: ${files.map((f) => `${f.name} ${f.rows} rows`).join(', ')}`);
      return manifest;
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** Every extract kept; one pruned by a run while being listed is left out, not an error. */
  async list(): Promise<ExtractManifest[]> {
    const read = await Promise.all((await this.dates()).reverse().map((d) => this.manifest(d).catch(() => null)));
    return read.filter((m): m is ExtractManifest => m !== null);
  }

  /** The path of one file of one extract; 404 for anything else (the names are a closed list: no path tricks). */
  file(date: string, name: string): string {
    if (!isIsoDate(date) || !(EXTRACT_FILES as readonly string[]).includes(name) || !existsSync(join(this.root, date, name))) {
      throw problem(ChangeProblems.extractNotFound, `no file ${name} in an extract of ${date}`);
    }
    return join(this.root, date, name);
  }

  async publicKey(): Promise<string> {
    return createPublicKey(await this.signingKey())
      .export({ type: 'spki', format: 'pem' })
      .toString();
  }

  private async write(db: QueryRunner, dir: string, kind: 'full' | 'delta', date: IsoDate, ids: string[] | null): Promise<WrittenFile[]> {
    const csv = new GzipFile(join(dir, `${kind}.csv.gz`), `${kind}.csv.gz`, `\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
    const jsonl = new GzipFile(join(dir, `${kind}.jsonl.gz`), `${kind}.jsonl.gz`);
    // one write per file per batch (GzipFile: a write per line cost a thread-pool round trip each)
    const emit = async (rows: (ExtractRow & { id: string })[]) => {
      let csvText = '';
      let jsonText = '';
      for (const { id: _id, ...r } of rows) {
        csvText += csvLine(r);
        jsonText += jsonLine(r);
      }
      await Promise.all([csv.write(csvText, rows.length), jsonl.write(jsonText, rows.length)]);
    };
    type Batch = (ExtractRow & { id: string })[];
    if (ids) {
      for (let i = 0; i < ids.length; i += BATCH) {
        await emit(await queryRows<ExtractRow & { id: string }>(db, `${ROWS} WHERE e.id = ANY($1::uuid[]) ORDER BY e.id`, [ids.slice(i, i + BATCH), date]));
      }
    } else {
      // keyset batches, the next one read while this one is compressed (the database and zlib work side by side)
      const read = (after: string): Promise<Batch> =>
        queryRows<Batch[number]>(db, `${ROWS} WHERE e.id > $1::uuid ORDER BY e.id LIMIT $3`, [after, date, BATCH]);
      let next: Promise<Batch> | null = read('00000000-0000-0000-0000-000000000000');
      try {
        while (next) {
          const rows: Batch = await next;
          const last = rows.at(-1);
          next = rows.length < BATCH || !last ? null : read(last.id);
          await emit(rows);
          await yieldToRequests();
        }
      } catch (err) {
        void next?.catch(() => undefined); // the read ahead of a failed batch is abandoned, not an unhandled rejection
        throw err;
      }
    }
    return [await csv.close(), await jsonl.close()];
  }

  private async dates(): Promise<IsoDate[]> {
    if (!existsSync(this.root)) return [];
    return (await readdir(this.root)).filter((d) => isIsoDate(d) && existsSync(join(this.root, d, 'manifest.json'))).sort();
  }

  private async manifest(date: IsoDate): Promise<ExtractManifest> {
    // A manifest this service wrote (build(), then signed): its shape is ExtractManifest by construction.
    return JSON.parse(await readFile(join(this.root, date, 'manifest.json'), 'utf8')) as ExtractManifest;
  }

  /** Extracts older than QCR_EXTRACT_RETENTION_DAYS before `date` go. */
  private async prune(date: IsoDate): Promise<void> {
    const cut = addDays(date, -this.config.QCR_EXTRACT_RETENTION_DAYS);
    for (const d of await this.dates()) if (d < cut) await rm(join(this.root, d), { recursive: true, force: true });
  }

  /** The registry's extract signing key: generated once into the extracts directory (mode 0600), kept across restarts. */
  private async signingKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    const path = join(this.root, 'signing-key.pem');
    await mkdir(this.root, { recursive: true });
    if (!existsSync(path)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' }).catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another instance wrote it first
      });
    }
    this.key = createPrivateKey(await readFile(path));
    return this.key;
  }
}
