import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PersonDocumentType } from '#qcr/identifiers';
import { inTransaction } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../personal-data.js';
import type { ResealMode } from '../personal-data-reseal.js';

/**
 * Re-digests and re-seals persons under the current PII key (issue 18, like listings' digests): `legacy` — persons
 * copied from rows sealed before key ids (key_id NULL); `rotate` — also everything under another key. The number is
 * opened from its seal, so nothing else is needed.
 */
@Injectable()
export class PersonsResealer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async redigest(mode: ResealMode, chunk = 500): Promise<number> {
    const current = this.cipher.currentKeyId;
    let done = 0;
    for (;;) {
      const batch: { id: string; doc_type: PersonDocumentType; id_enc: string }[] = await this.db.query(
        `SELECT id, doc_type, id_enc FROM enterprises.persons WHERE key_id IS NULL OR ($2 AND key_id <> $1) ORDER BY id LIMIT $3`,
        [current, mode === 'rotate', chunk],
      );
      if (batch.length === 0) return done;
      await inTransaction(this.db, async (em) => {
        for (const p of batch) {
          const sealed = this.cipher.sealPerson(p.doc_type, this.cipher.decrypt(p.id_enc));
          await em.query(`UPDATE enterprises.persons SET digest = $2, key_id = $3, id_enc = $4, id_masked = $5 WHERE id = $1`, [
            p.id,
            sealed.digest,
            sealed.keyId,
            sealed.enc,
            sealed.masked,
          ]);
        }
      });
      done += batch.length;
    }
  }
}
