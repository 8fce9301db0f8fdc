import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paced bulk deliveries (issue 20, docs/changes.md § "Paced bulk deliveries"): an event and its deliveries say whether
 * they come from batch work (a regrade run's chunk, an import batch, a catalogue change) rather than one enterprise's
 * change. ADD COLUMN with a constant default is metadata only (no rewrite of either table).
 *
 * The dispatcher reads `new` deliveries per class in id order (deliveries_new_by_class, replacing deliveries_new) and,
 * for the keys it takes, the older `new` deliveries of the same endpoint + enterprise (deliveries_new_by_key), so a
 * decision's delivery takes a waiting regrade delivery of its enterprise along instead of overtaking it. Both are
 * partial on state = 'new': they hold only the backlog, not the delivered history.
 */
export class BulkDeliveries1766400000000 implements MigrationInterface {
  name = 'BulkDeliveries1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE changes.events ADD COLUMN bulk boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE changes.deliveries ADD COLUMN bulk boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX deliveries_new_by_class ON changes.deliveries (bulk, id) WHERE state = 'new'`);
    await q.query(`CREATE INDEX deliveries_new_by_key ON changes.deliveries (endpoint_id, enterprise_id, id) WHERE state = 'new'`);
    await q.query(`DROP INDEX changes.deliveries_new`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_new ON changes.deliveries (id) WHERE state = 'new'`);
    await q.query(`DROP INDEX changes.deliveries_new_by_key`);
    await q.query(`DROP INDEX changes.deliveries_new_by_class`);
    await q.query(`ALTER TABLE changes.deliveries DROP COLUMN bulk`);
    await q.query(`ALTER TABLE changes.events DROP COLUMN bulk`);
  }
}
