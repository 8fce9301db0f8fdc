import { type Actor, queryRows, querySingle, systemActor, todayInChina } from '#qcr/platform';
import type { DataSource, QueryRunner } from 'typeorm';
import { describeChange } from '../enterprise-registrar.service.js';
import { copyIntoStage, copyLines, copyText, CREATE_STAGE, type PgClient, type StagedRow } from '../import/staging.js';
import type { PersonalDataCipher } from '../personal-data.js';
import { type GeneratedEnterprise, generateEnterpriseRows } from './generate.js';

export interface BulkLoadOptions {
  seed?: number;
  batchSize?: number;
  /** Seals generated ID numbers and phones (keyed digest, no clear phone): the registry's PersonalDataCipher. */
  cipher: Pick<PersonalDataCipher, 'seal' | 'sealPhone'>;
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

/** Unique constraints no foreign key depends on (uscc, org_code): rebuilt by the direct path. */
const REBUILT_UNIQUES = `
  SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
   WHERE c.conrelid = 'enterprises.enterprises'::regclass AND c.contype = 'u'
     AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`;

/**
 * Loads n generated enterprises (benchmarks, `cli seed`, the demo seed). Codes already registered are
 * skipped, so a re-run adds nothing. Returns how many rows were new.
 *
 * Speed, at two documented costs:
 * - Where the session may (a superuser: the embedded database, a bench, a seed), each transaction runs with
 *   `SET LOCAL session_replication_role = replica`: no triggers fire, so the history trigger's work (the first
 *   version of each row, same `data` as to_jsonb gives) is done here set-based, and its reference-code check
 *   is skipped: generated rows are valid by construction (GB/T 2260 codes from the seed, sections A–T).
 *   Without that right, the ordinary path runs: COPY into a staging table, INSERT … ON CONFLICT DO NOTHING,
 *   triggers on.
 * - A load of at least as many rows as the table holds (and ≥ 50,000) is ONE transaction holding an
 *   ACCESS EXCLUSIVE lock, so nobody sees the table half-indexed: it drops the read-only secondary indexes
 *   (trigram, region, industry, legal-rep hash) and recreates them before commit, since building an index
 *   once is far cheaper than a million random insertions. With triggers off as well it also skips the
 *   staging table: it reads the registered org codes (the table is locked and at most as big as the load),
 *   drops the uscc/org_code unique constraints, COPYs the new rows straight into enterprises with ids made
 *   here (UUIDv7, time-ordered like the column default), writes their versions with one INSERT … SELECT over
 *   that id range per batch, and re-adds the constraints (which re-check uniqueness) before commit.
 */
export async function bulkLoadEnterprises(dataSource: DataSource, n: number, opts: BulkLoadOptions): Promise<{ inserted: number; seconds: number }> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 100_000;
  const actor = opts.actor ?? systemActor('bulk-load');
  const today = todayInChina();
  const rows = generateEnterpriseRows(n, opts.seed ?? 1);
  const { rows: existing } = await querySingle<{ rows: string }>(
    dataSource,
    `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'enterprises.enterprises'::regclass`,
  );
  const rebuild = n >= 50_000 && n >= Number(existing);
  let inserted = 0;
  let loaded = 0;

  const loadBatch = async (qr: QueryRunner, client: PgClient, replica: boolean, size: number) => {
    const staged = function* (): Generator<StagedRow> {
      for (let i = 0; i < size; i++) {
        const r = take(rows);
        const sealed = opts.cipher.seal(r.legalRepId);
        yield {
          line: loaded + i + 1,
          uscc: r.uscc,
          orgCode: r.orgCode,
          name: r.name,
          legalRepName: r.legalRepName,
          legalRepIdEnc: sealed.enc,
          legalRepIdHash: sealed.hash,
          legalRepIdMasked: sealed.masked,
          legalRepPhone: opts.cipher.sealPhone(r.legalRepPhone),
          regionCode: r.regionCode,
          industryCode: r.industryCode,
          status: r.status,
          address: r.address,
          registeredOn: r.registeredOn,
        };
      }
    };
    await qr.query(CREATE_STAGE);
    await qr.query(`TRUNCATE enterprise_stage`);
    await copyIntoStage(client, staged());
    const result = replica ? await qr.query(INSERT_WITH_VERSIONS, [today, actor.id, actor.name], true) : await qr.query(INSERT_FROM_STAGE, [today], true);
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

  let rebuiltUniques: Array<{ name: string; def: string }> = [];
  if (rebuild) {
    await transaction(async (qr, client, replica) => {
      await qr.query(`LOCK TABLE enterprises.enterprises IN ACCESS EXCLUSIVE MODE`);
      const indexes = await queryRows<{ name: string; def: string }>(qr, REBUILT_INDEXES);
      for (const ix of indexes) await qr.query(`DROP INDEX ${ix.name}`);
      if (replica) {
        // Codes are deduplicated here against the locked table, so the unique constraints can be rebuilt too.
        const uniques = await queryRows<{ name: string; def: string }>(qr, REBUILT_UNIQUES);
        for (const u of uniques) await qr.query(`ALTER TABLE enterprises.enterprises DROP CONSTRAINT ${u.name}`);
        rebuiltUniques = uniques;
        await directCopy(qr, client, n, batchSize, rows, opts, actor, today, (added, size) => {
          inserted += added;
          loaded += size;
          opts.onProgress?.(loaded, n);
        });
      } else {
        while (loaded < n) await loadBatch(qr, client, replica, Math.min(batchSize, n - loaded));
      }
      await qr.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const u of rebuiltUniques) await qr.query(`ALTER TABLE enterprises.enterprises ADD CONSTRAINT ${u.name} ${u.def}`);
      for (const ix of indexes) await qr.query(ix.def);
    });
  } else {
    while (loaded < n) await transaction((qr, client, replica) => loadBatch(qr, client, replica, Math.min(batchSize, n - loaded)));
  }
  return { inserted, seconds: (Date.now() - started) / 1000 };
}

const ENTERPRISE_COPY_COLUMNS = `id, uscc, org_code, name, name_since, former_names, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
  legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, version, effective_on, created_at, updated_at`;
/** The first versions of the rows just copied (their ids ascend, so they are one PK range), as the history trigger writes them. */
const INSERT_VERSIONS_FOR_RANGE = `
  INSERT INTO enterprises.enterprise_versions (enterprise_id, version, effective_on, change, reason, actor_id, actor_name, data)
  SELECT e.id, e.version, e.effective_on, 'bulk-loaded', NULL, $3, $4, to_jsonb(e)
    FROM enterprises.enterprises e WHERE e.id BETWEEN $1::uuid AND $2::uuid`;

/** The next generated row: the generator yields the n rows asked for, so running out is a bug. */
function take(rows: Generator<GeneratedEnterprise, void, undefined>): GeneratedEnterprise {
  const next = rows.next();
  if (next.done) throw new Error('the enterprise generator ran out before the rows asked for');
  return next.value;
}

/** UUIDv7 (RFC 9562): 48-bit ms timestamp, then a random 42-bit prefix and a 32-bit counter, so ids ascend within a load. */
function uuidv7Sequence(): () => string {
  const hex = (v: number, width: number) => v.toString(16).padStart(width, '0');
  const ts = hex(Date.now(), 12);
  const randA = hex(Math.floor(Math.random() * 0x1000), 3);
  const randB = hex(0x8000 | Math.floor(Math.random() * 0x4000), 4) + hex(Math.floor(Math.random() * 0x10000), 4);
  let counter = 0;
  return () => `${ts.slice(0, 8)}-${ts.slice(8)}-7${randA}-${randB.slice(0, 4)}-${randB.slice(4)}${hex(counter++, 8)}`;
}

/** The direct path (triggers off, table locked, secondary indexes dropped): COPY rows and versions, no staging. */
async function directCopy(
  qr: QueryRunner,
  client: PgClient,
  n: number,
  batchSize: number,
  rows: Generator<GeneratedEnterprise, void, undefined>,
  opts: BulkLoadOptions,
  actor: Actor,
  today: string,
  progress: (added: number, size: number) => void,
): Promise<void> {
  const existing = new Set((await queryRows<{ org_code: string }>(qr, `SELECT org_code FROM enterprises.enterprises`)).map((r) => r.org_code));
  const nextId = uuidv7Sequence();
  const now = new Date().toISOString();
  let done = 0;
  while (done < n) {
    const size = Math.min(batchSize, n - done);
    let first: string | null = null;
    let last: string | null = null;
    let added = 0;
    function* enterpriseLines(): Generator<string> {
      for (let i = 0; i < size; i++) {
        const r = take(rows);
        if (existing.has(r.orgCode)) continue;
        existing.add(r.orgCode);
        const sealed = opts.cipher.seal(r.legalRepId);
        const row = {
          id: nextId(),
          uscc: r.uscc,
          org_code: r.orgCode,
          name: r.name,
          name_since: r.registeredOn,
          former_names: [] as unknown[],
          legal_rep_name: r.legalRepName,
          legal_rep_id_enc: sealed.enc,
          legal_rep_id_hash: sealed.hash,
          legal_rep_id_masked: sealed.masked,
          legal_rep_phone: opts.cipher.sealPhone(r.legalRepPhone),
          region_code: r.regionCode,
          industry_code: r.industryCode,
          status: r.status,
          address: r.address,
          registered_on: r.registeredOn,
          code_exception_reason: null,
          version: 1,
          effective_on: today,
          created_at: now,
          updated_at: now,
        };
        yield (
          `${row.id}\t${row.uscc ?? '\\N'}\t${row.org_code}\t${copyText(row.name)}\t${row.name_since}\t[]\t${copyText(row.legal_rep_name)}\t` +
          `${row.legal_rep_id_enc ?? '\\N'}\t${row.legal_rep_id_hash}\t${row.legal_rep_id_masked}\t${row.legal_rep_phone}\t${row.region_code}\t` +
          `${row.industry_code}\t${row.status}\t${copyText(row.address)}\t${row.registered_on}\t1\t${today}\t${now}\t${now}\n`
        );
        if (!first) first = row.id;
        last = row.id;
        added++;
      }
    }
    await copyLines(client, `COPY enterprises.enterprises (${ENTERPRISE_COPY_COLUMNS}) FROM STDIN`, enterpriseLines());
    if (first) await qr.query(INSERT_VERSIONS_FOR_RANGE, [first, last, actor.id, actor.name]);
    done += size;
    progress(added, size);
  }
}
