import { type Actor, systemActor, todayInChina } from '#qcr/platform';
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { describeChange } from '../enterprise-registrar.service.js';
import { copyIntoStage, CREATE_STAGE, type PgClient, type StagedRow } from '../import/staging.js';
import { generateEnterpriseRows } from './generate.js';

export interface BulkLoadOptions {
  seed?: number;
  batchSize?: number;
  /** Encrypts generated ID numbers; without it only their hash and mask are stored. */
  cipher?: { encrypt(plain: string): string };
  actor?: Actor;
  onProgress?: (loaded: number, total: number) => void;
}

const INSERT_COLUMNS = `uscc, org_code, name, name_since, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
    legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, effective_on`;
const SELECT_STAGE = `SELECT uscc, org_code, name, registered_on, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash, legal_rep_id_masked,
         legal_rep_phone, region_code, industry_code, status, address, registered_on, $1::date
    FROM enterprise_stage`;

/** With triggers on: the history trigger writes the versions. */
const INSERT_FROM_STAGE = `INSERT INTO enterprises.enterprises (${INSERT_COLUMNS}) ${SELECT_STAGE} ON CONFLICT DO NOTHING`;

/**
 * With triggers off (session_replication_role = replica): the same rows, and their first version
 * written by the same statement, exactly as enterprises.record_versions() would write it.
 */
const INSERT_WITH_VERSIONS = `
  WITH ins AS (
    INSERT INTO enterprises.enterprises (${INSERT_COLUMNS}) ${SELECT_STAGE}
    ON CONFLICT DO NOTHING
    RETURNING *
  )
  INSERT INTO enterprises.enterprise_versions (enterprise_id, version, effective_on, change, reason, actor_id, actor_name, data)
  SELECT i.id, i.version, i.effective_on, 'bulk-loaded', NULL, $2, $3, to_jsonb(i) FROM ins i`;

/** Secondary indexes that only serve reads; rebuilt after a load that at least doubles the table. */
const REBUILT_INDEXES = `
  SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
   WHERE i.indrelid = 'enterprises.enterprises'::regclass AND NOT i.indisunique AND NOT i.indisprimary`;

/**
 * Loads n generated enterprises (benchmarks, `cli seed`, the demo seed): rows generated here are
 * streamed by COPY into a staging table and moved by one INSERT … ON CONFLICT DO NOTHING per batch,
 * so a re-run adds nothing. Returns how many rows were new.
 *
 * Speed (≥ 50k rows/s on 2 cores), at two documented costs:
 * - Where the session may (a superuser: the embedded database, a bench, a seed), each batch runs with
 *   `SET LOCAL session_replication_role = replica`: no per-row triggers, hence no FK checks, and the
 *   history trigger is replaced by the batch writing the versions itself (same rows, same `data`).
 *   The generated rows are valid by construction (GB/T 2260 codes from the seed, sections A–T).
 *   Without that right, the ordinary path runs (triggers and FK checks on).
 * - A load of at least as many rows as the table holds runs as ONE transaction that drops the
 *   read-only secondary indexes (trigram, region, industry, legal-rep hash) and recreates them
 *   before commit: building an index once is far cheaper than a million random insertions. The
 *   table is locked (ACCESS EXCLUSIVE) for the duration, so nobody sees it without its indexes.
 *   Unique indexes stay (they decide the ON CONFLICT).
 */
export async function bulkLoadEnterprises(dataSource: DataSource, n: number, opts: BulkLoadOptions = {}): Promise<{ inserted: number; seconds: number }> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 100_000;
  const actor = opts.actor ?? systemActor('bulk-load');
  const today = todayInChina();
  const rows = generateEnterpriseRows(n, opts.seed ?? 1);
  const [{ rows: existing }] = await dataSource.query(
    `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'enterprises.enterprises'::regclass`,
  );
  const rebuild = n >= 50_000 && n >= Number(existing);
  let inserted = 0;
  let loaded = 0;

  const loadBatch = async (qr: QueryRunner, client: PgClient, replica: boolean, size: number) => {
    const staged = function* (): Generator<StagedRow> {
      for (let i = 0; i < size; i++) {
        const r = rows.next().value!;
        // generated ID numbers are already in normal form (digits, upper-case X)
        const id = r.legalRepId;
        yield {
          line: loaded + i + 1, uscc: r.uscc, orgCode: r.orgCode, name: r.name, legalRepName: r.legalRepName,
          legalRepIdEnc: opts.cipher ? opts.cipher.encrypt(id) : null, legalRepIdHash: createHash('sha256').update(id).digest('hex'),
          legalRepIdMasked: id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4), legalRepPhone: r.legalRepPhone, regionCode: r.regionCode,
          industryCode: r.industryCode, status: r.status, address: r.address, registeredOn: r.registeredOn,
        };
      }
    };
    await qr.query(CREATE_STAGE);
    await qr.query(`TRUNCATE enterprise_stage`);
    await copyIntoStage(client, staged());
    const result = replica
      ? await qr.query(INSERT_WITH_VERSIONS, [today, actor.id, actor.name], true)
      : await qr.query(INSERT_FROM_STAGE, [today], true);
    inserted += result.affected ?? 0;
    loaded += size;
    opts.onProgress?.(loaded, n);
  };

  const transaction = async (work: (qr: QueryRunner, client: PgClient, replica: boolean) => Promise<void>) => {
    const qr = dataSource.createQueryRunner();
    const client = (await qr.connect()) as PgClient;
    try {
      await qr.startTransaction();
      await describeChange(qr.manager, actor, 'bulk-loaded');
      let replica = false;
      try {
        await qr.query(`SAVEPOINT replica_role`);
        await qr.query(`SET LOCAL session_replication_role = replica`);
        await qr.query(`RELEASE SAVEPOINT replica_role`);
        replica = true;
      } catch {
        await qr.query(`ROLLBACK TO SAVEPOINT replica_role`); // not a superuser: triggers stay on
      }
      await work(qr, client, replica);
      await qr.commitTransaction();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    } finally {
      await qr.release();
    }
  };

  if (rebuild) {
    await transaction(async (qr, client, replica) => {
      await qr.query(`LOCK TABLE enterprises.enterprises IN ACCESS EXCLUSIVE MODE`);
      const indexes: Array<{ name: string; def: string }> = await qr.query(REBUILT_INDEXES);
      for (const ix of indexes) await qr.query(`DROP INDEX ${ix.name}`);
      while (loaded < n) await loadBatch(qr, client, replica, Math.min(batchSize, n - loaded));
      await qr.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const ix of indexes) await qr.query(ix.def);
    });
  } else {
    while (loaded < n) await transaction((qr, client, replica) => loadBatch(qr, client, replica, Math.min(batchSize, n - loaded)));
  }
  return { inserted, seconds: (Date.now() - started) / 1000 };
}
