import { type Actor, systemActor, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { describeChange } from '../enterprise-registrar.service.js';
import { copyIntoStage, CREATE_STAGE, type PgClient, type StagedRow } from '../import/staging.js';
import { idNumberHash, maskIdNumber } from '../personal-data.js';
import { generateEnterpriseRows } from './generate.js';

export interface BulkLoadOptions {
  seed?: number;
  batchSize?: number;
  /** Encrypts generated ID numbers; without it only their hash and mask are stored. */
  cipher?: { encrypt(plain: string): string };
  actor?: Actor;
  onProgress?: (loaded: number, total: number) => void;
}

const INSERT_FROM_STAGE = `
  INSERT INTO enterprises.enterprises (uscc, org_code, name, name_since, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
    legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, effective_on)
  SELECT uscc, org_code, name, registered_on, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash, legal_rep_id_masked, legal_rep_phone,
         region_code, industry_code, status, address, registered_on, $1::date
    FROM enterprise_stage
  ON CONFLICT DO NOTHING`;

/**
 * Loads n generated enterprises by COPY + one INSERT per batch (benchmarks, `cli seed`,
 * the demo seed). Rows whose code already exists are skipped, so a re-run adds nothing.
 * Returns how many rows were new.
 */
export async function bulkLoadEnterprises(dataSource: DataSource, n: number, opts: BulkLoadOptions = {}): Promise<{ inserted: number; seconds: number }> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 100_000;
  const actor = opts.actor ?? systemActor('bulk-load');
  const today = todayInChina();
  const rows = generateEnterpriseRows(n, opts.seed ?? 1);
  let inserted = 0;
  let loaded = 0;
  while (loaded < n) {
    const size = Math.min(batchSize, n - loaded);
    const staged = function* (): Generator<StagedRow> {
      for (let i = 0; i < size; i++) {
        const r = rows.next().value!;
        yield {
          line: loaded + i + 1, uscc: r.uscc, orgCode: r.orgCode, name: r.name, legalRepName: r.legalRepName,
          legalRepIdEnc: opts.cipher ? opts.cipher.encrypt(r.legalRepId) : null, legalRepIdHash: idNumberHash(r.legalRepId),
          legalRepIdMasked: maskIdNumber(r.legalRepId), legalRepPhone: r.legalRepPhone, regionCode: r.regionCode,
          industryCode: r.industryCode, status: r.status, address: r.address, registeredOn: r.registeredOn,
        };
      }
    };
    const qr = dataSource.createQueryRunner();
    const client = (await qr.connect()) as PgClient;
    try {
      await qr.startTransaction();
      await describeChange(qr.manager, actor, 'bulk-loaded');
      await qr.query(CREATE_STAGE);
      await copyIntoStage(client, staged());
      const result = await qr.query(INSERT_FROM_STAGE, [today], true);
      await qr.commitTransaction();
      inserted += result.affected ?? 0;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    } finally {
      await qr.release();
    }
    loaded += size;
    opts.onProgress?.(loaded, n);
  }
  return { inserted, seconds: (Date.now() - started) / 1000 };
}
