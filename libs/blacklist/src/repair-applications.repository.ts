import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryChanged, queryOne, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { RepairRow } from './listing-rows.js';

type Db = EntityManager | DataSource;

/** A new 信用修复 application: the columns the handler files (RemovalsService.applyRepair). */
export type NewRepairApplication = Pick<
  RepairRow,
  | 'listing_id'
  | 'applied_on'
  | 'penalties_fulfilled'
  | 'harm_remedied'
  | 'pledge_filed'
  | 'pledge_reference'
  | 'statement'
  | 'eligibility'
  | 'handled_by'
  | 'handled_by_name'
  | 'status'
  | 'created_at'
>;

/** The SQL of repair applications (信用修复, DOMAIN.md §7): a seam of its own beside the listing's lifecycle. */
@Injectable()
export class RepairApplications {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, values: NewRepairApplication): Promise<string> {
    const cols = Object.keys(values);
    const row = await querySingle<{ id: string }>(
      em,
      `INSERT INTO blacklist.repair_applications (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(values),
    );
    return row.id;
  }

  async find(db: Db | null, id: string): Promise<RepairRow | null> {
    return queryOne<RepairRow>(
      db ?? this.dataSource,
      `SELECT *, to_char(applied_on, 'YYYY-MM-DD') AS applied_on FROM blacklist.repair_applications WHERE id = $1`,
      [id],
    );
  }

  async ofListing(listingId: string): Promise<RepairRow[]> {
    return this.dataSource.query(
      `SELECT *, to_char(applied_on, 'YYYY-MM-DD') AS applied_on FROM blacklist.repair_applications
        WHERE listing_id = $1 ORDER BY created_at, id`,
      [listingId],
    );
  }

  /** Guarded like listing transitions: only a pending application can be decided, once. */
  async decide(em: EntityManager, id: string, to: 'approved' | 'refused', by: { id: string; name: string }, refusalReason: string | null): Promise<boolean> {
    const { count } = await queryChanged<{ id: string }>(
      em,
      `UPDATE blacklist.repair_applications
          SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = now(), refusal_reason = $5
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, to, by.id, by.name, refusalReason],
    );
    return count === 1;
  }

  /** A listing that ends makes its open repair application moot; the system closes it, naming why. */
  async closePending(em: EntityManager, listingId: string, reason: string): Promise<string[]> {
    const { rows } = await queryChanged<{ id: string }>(
      em,
      `UPDATE blacklist.repair_applications
          SET status = 'refused', decided_by = 'system:listing-ended', decided_by_name = 'system', decided_at = now(),
              refusal_reason = $2
        WHERE listing_id = $1 AND status = 'pending' RETURNING id`,
      [listingId, reason],
    );
    return rows.map((r) => r.id);
  }
}
