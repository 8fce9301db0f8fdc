import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EnterprisesService, PersonalDataCipher, type ResealMode } from '#qcr/enterprises';
import { inTransaction } from '#qcr/platform';
import type { DataSource } from 'typeorm';

/**
 * Re-digests the legal representative of listings under the current PII key, from the enterprise version each
 * listing references (legal_rep_version). `legacy`: digests from before key ids; `rotate`: any other key.
 */
@Injectable()
export class ListingPersonalData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async redigest(mode: ResealMode, chunk = 500): Promise<number> {
    const current = this.cipher.currentKeyId;
    let done = 0;
    for (;;) {
      const batch: { id: string; enterprise_id: string; legal_rep_version: number | null }[] = await this.db.query(
        `SELECT id, enterprise_id, legal_rep_version FROM blacklist.listings
          WHERE legal_rep_id_hash IS NOT NULL AND (legal_rep_key_id IS NULL OR ($2 AND legal_rep_key_id <> $1)) ORDER BY id LIMIT $3`,
        [current, mode === 'rotate', chunk],
      );
      if (batch.length === 0) return done;
      await inTransaction(this.db, async (em) => {
        for (const l of batch) {
          const digest = l.legal_rep_version === null ? null : await this.enterprises.legalRepDigestAt(em, l.enterprise_id, l.legal_rep_version);
          await em.query(`UPDATE blacklist.listings SET legal_rep_id_hash = $2, legal_rep_key_id = $3 WHERE id = $1`, [l.id, digest, current]);
        }
      });
      done += batch.length;
    }
  }
}
