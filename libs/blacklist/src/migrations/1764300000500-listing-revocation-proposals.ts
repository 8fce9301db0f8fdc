import type { MigrationInterface, QueryRunner } from 'typeorm';
import { twoPersonTableSql } from '#qcr/platform';

/** Issue 13 §6: revoking a listing (撤销) is proposed by one reviewer and approved by another. */
export class ListingRevocationProposals1764300000500 implements MigrationInterface {
  name = 'ListingRevocationProposals1764300000500';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of twoPersonTableSql('blacklist.revocation_proposals', 'listing_id', 'blacklist.listings')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blacklist.revocation_proposals`);
  }
}
