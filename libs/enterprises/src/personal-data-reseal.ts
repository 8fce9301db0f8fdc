import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction, queryRows, querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { maskIdNumber, PersonalDataCipher, sealedKeyId } from './personal-data.js';

/**
 * `legacy`: what the keyed scheme replaced (v1 values, unkeyed SHA-256 digests, clear phones, 3+4 masks) — run at
 * every start-up after the migrations, since only the application holds the key.
 * `rotate`: additionally everything sealed under a key other than the current one (`cli keys rotate`).
 */
export type ResealMode = 'legacy' | 'rotate';

interface Stored {
  enc: string | null;
  hash: string | null;
  masked: string | null;
  phone: string | null;
}

const SHORT_MASK = '^.?\\*+.?$';

/** Rows needing work; `$2` is `v2:<current kid>:%` (rotate) or `v2:%` (legacy). Columns given as SQL expressions. */
const needsWork = (c: Record<keyof Stored, string>) => `(
  (${c.enc} IS NOT NULL AND ${c.enc} NOT LIKE $2) OR (${c.phone} IS NOT NULL AND ${c.phone} NOT LIKE $2)
  OR (${c.enc} IS NULL AND ${c.hash} IS NOT NULL) OR (${c.masked} IS NOT NULL AND ${c.masked} !~ '${SHORT_MASK}'))`;

const ROW_COLS = { enc: 'legal_rep_id_enc', hash: 'legal_rep_id_hash', masked: 'legal_rep_id_masked', phone: 'legal_rep_phone' };
const VERSION_COLS = {
  enc: `(data->>'legal_rep_id_enc')`,
  hash: `(data->>'legal_rep_id_hash')`,
  masked: `(data->>'legal_rep_id_masked')`,
  phone: `(data->>'legal_rep_phone')`,
};

/** Re-seals and re-digests stored personal data in chunks (one transaction each), and checks keys at start-up. */
@Injectable()
export class PersonalDataResealer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /**
   * Start-up refuses a key that cannot open what is stored (issue 13): every key id that may have sealed stored
   * values (enterprises.pii_keys, plus v1 values while the legacy pass has not finished) must be in the ring and open
   * one sample value. Then records the current key id, before anything is sealed with it. Throws naming the key id,
   * the row and the key source.
   */
  async checkKeys(): Promise<void> {
    const kids = (await queryRows<{ kid: string }>(this.db, `SELECT kid FROM enterprises.pii_keys ORDER BY since`)).map((r) => r.kid);
    if (!(await this.legacyDone())) kids.push('v1');
    for (const kid of kids) {
      const pattern = kid === 'v1' ? 'v1:%' : `v2:${kid}:%`;
      const [sample]: { id: string; value: string }[] = await this.db.query(
        `SELECT id, CASE WHEN legal_rep_id_enc LIKE $1 THEN legal_rep_id_enc ELSE legal_rep_phone END AS value
           FROM enterprises.enterprises WHERE legal_rep_id_enc LIKE $1 OR legal_rep_phone LIKE $1 LIMIT 1`,
        [pattern],
      );
      if (!sample) continue;
      try {
        this.cipher.decrypt(sample.value);
      } catch (err) {
        throw new Error(
          `Personal data: the configured key (${this.cipher.ring.source}; key ids ${[...this.cipher.ring.byId.keys()].join(', ')}) ` +
            `cannot open data sealed with key "${kid}" (enterprise ${sample.id}): ${(err as Error).message}. ` +
            'Start with the key that sealed it (add it after the current one while rotating).',
          { cause: err },
        );
      }
    }
    await this.db.query(`INSERT INTO enterprises.pii_keys (kid) VALUES ($1) ON CONFLICT DO NOTHING`, [this.cipher.currentKeyId]);
  }

  /** The legacy pass finished once its CHECKs are validated: no row can hold a legacy value since (see the migration). */
  private async legacyDone(): Promise<boolean> {
    const { pending } = await querySingle<{ pending: number }>(
      this.db,
      `SELECT count(*)::int AS pending FROM pg_constraint WHERE conrelid = 'enterprises.enterprises'::regclass AND NOT convalidated
          AND conname IN ('enterprises_phone_sealed', 'enterprises_id_sealed', 'enterprises_digest_with_seal')`,
    );
    return pending === 0;
  }

  async reseal(mode: ResealMode, opts: { chunk?: number; onProgress?: (done: number) => void } = {}): Promise<{ rows: number; versions: number }> {
    // At every start the legacy pass costs one catalogue query once it has finished (no scan of 1M rows per boot).
    if (mode === 'legacy' && (await this.legacyDone())) return { rows: 0, versions: 0 };
    const chunk = opts.chunk ?? 1000;
    const pattern = mode === 'rotate' ? `v2:${this.cipher.currentKeyId}:%` : 'v2:%';
    let rows = 0;
    let versions = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const batch: (Stored & { id: string })[] = await this.db.query(
        `SELECT id, legal_rep_id_enc AS enc, legal_rep_id_hash AS hash, legal_rep_id_masked AS masked, legal_rep_phone AS phone
           FROM enterprises.enterprises WHERE id > $1 AND ${needsWork(ROW_COLS)} ORDER BY id LIMIT $3`,
        [after, pattern, chunk],
      );
      const lastRow = batch.at(-1);
      if (!lastRow) break;
      const next = batch.map((r) => ({ id: r.id, ...this.resealed(r, mode) }));
      await inTransaction(this.db, async (em) => {
        // No new version: how a value is stored changed, not the record (the trigger honours qcr.reseal).
        await em.query(`SELECT set_config('qcr.reseal', 'on', true)`);
        await em.query(
          `UPDATE enterprises.enterprises e SET legal_rep_id_enc = x.enc, legal_rep_id_hash = x.hash, legal_rep_id_masked = x.masked,
                  legal_rep_phone = x.phone
             FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(id, enc, hash, masked, phone) WHERE e.id = x.id`,
          [next.map((r) => r.id), next.map((r) => r.enc), next.map((r) => r.hash), next.map((r) => r.masked), next.map((r) => r.phone)],
        );
      });
      rows += batch.length;
      after = lastRow.id;
      opts.onProgress?.(rows);
    }
    for (let after: [string, number] = ['00000000-0000-0000-0000-000000000000', 0]; ;) {
      const batch: (Stored & { enterprise_id: string; version: number })[] = await this.db.query(
        `SELECT enterprise_id, version, ${VERSION_COLS.enc} AS enc, ${VERSION_COLS.hash} AS hash, ${VERSION_COLS.masked} AS masked,
                ${VERSION_COLS.phone} AS phone
           FROM enterprises.enterprise_versions WHERE (enterprise_id, version) > ($1::uuid, $4::int) AND ${needsWork(VERSION_COLS)}
          ORDER BY enterprise_id, version LIMIT $3`,
        [after[0], pattern, chunk, after[1]],
      );
      const last = batch.at(-1);
      if (!last) break;
      const next = batch.map((r) => ({ ...this.resealed(r, mode), id: r.enterprise_id, version: r.version }));
      await this.db.query(
        `UPDATE enterprises.enterprise_versions v SET data = v.data || jsonb_build_object('legal_rep_id_enc', x.enc, 'legal_rep_id_hash', x.hash,
                'legal_rep_id_masked', x.masked, 'legal_rep_phone', x.phone)
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(id, version, enc, hash, masked, phone)
          WHERE v.enterprise_id = x.id AND v.version = x.version`,
        [
          next.map((r) => r.id),
          next.map((r) => r.version),
          next.map((r) => r.enc),
          next.map((r) => r.hash),
          next.map((r) => r.masked),
          next.map((r) => r.phone),
        ],
      );
      versions += batch.length;
      after = [last.enterprise_id, last.version];
      opts.onProgress?.(rows + versions);
    }
    await this.validateConstraints();
    // Rotation done: nothing is sealed under another key any more (listings hold digests only, re-made meanwhile).
    if (mode === 'rotate') await this.db.query(`DELETE FROM enterprises.pii_keys WHERE kid <> $1`, [this.cipher.currentKeyId]);
    return { rows, versions };
  }

  /** The stored form under the current key (legacy: values already under some v2 key keep it). */
  private resealed(s: Stored, mode: ResealMode): Stored {
    const current = (v: string) => sealedKeyId(v) === this.cipher.currentKeyId || (mode === 'legacy' && v.startsWith('v2:'));
    let { enc, hash, masked } = s;
    if (enc) {
      const id = this.cipher.decrypt(enc);
      if (!current(enc)) {
        enc = this.cipher.encrypt(id);
        hash = this.cipher.digest(id);
      } else if (!s.hash) {
        hash = this.cipher.digest(id, sealedKeyId(enc)!);
      }
      masked = maskIdNumber(id);
    } else {
      // A digest without its sealed number (rows once bulk-loaded without a cipher) cannot be re-keyed: an unkeyed
      // digest of a person is not kept. The old 3+4 mask still yields the new first+last one.
      hash = null;
      masked = masked && masked.length > 2 ? masked[0] + '*'.repeat(masked.length - 2) + masked.slice(-1) : masked;
    }
    const phone = s.phone && !current(s.phone) ? this.cipher.sealPhone(/^v[12]:/.test(s.phone) ? this.cipher.decrypt(s.phone) : s.phone) : s.phone;
    return { enc, hash, masked, phone };
  }

  /** Once nothing legacy is left, the NOT VALID checks of the migration hold for every row: make them binding. */
  private async validateConstraints(): Promise<void> {
    const pending: { conname: string }[] = await this.db.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'enterprises.enterprises'::regclass AND NOT convalidated
          AND conname IN ('enterprises_phone_sealed', 'enterprises_id_sealed', 'enterprises_digest_with_seal')`,
    );
    for (const { conname } of pending) await this.db.query(`ALTER TABLE enterprises.enterprises VALIDATE CONSTRAINT ${conname}`);
  }
}
