import type { MigrationInterface, QueryRunner } from 'typeorm';
import { twoPersonTableSql } from '#qcr/platform';

/** Issue 13 §6: revoking a credit record (撤销) is proposed by one reviewer and approved by another. */
export class RecordRevocationProposals1764300000600 implements MigrationInterface {
  name = 'RecordRevocationProposals1764300000600';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of twoPersonTableSql('credit.revocation_proposals', 'record_id', 'credit.records')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit.revocation_proposals`);
  }
}
