import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryOne, queryRows, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';

export interface WatchlistRow {
  id: string;
  agencyId: string;
  name: string;
  purpose: string;
  codes: number;
  unknown: number;
  invalid: number;
  invalidCodes: { code: string; rule: string }[];
  version: number;
  updatedAt: string;
}

const COLUMNS = `id, agency_id AS "agencyId", name, purpose, code_count AS codes, unknown_count AS unknown, invalid_count AS invalid,
  invalid_codes AS "invalidCodes", version, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** SQL of changes.watchlists and changes.watched_codes. */
@Injectable()
export class WatchlistsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(agencyId: string): Promise<WatchlistRow[]> {
    return queryRows<WatchlistRow>(this.db, `SELECT ${COLUMNS} FROM changes.watchlists WHERE agency_id = $1 ORDER BY name`, [agencyId]);
  }

  async find(em: EntityManager | null, agencyId: string, name: string, forUpdate = false): Promise<WatchlistRow | null> {
    return queryOne<WatchlistRow>(
      em ?? this.db,
      `SELECT ${COLUMNS} FROM changes.watchlists WHERE agency_id = $1 AND name = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [agencyId, name],
    );
  }

  /** Creates the list if missing (serialised on the (agency, name) key); returns it locked. */
  async lockOrCreate(em: EntityManager, agencyId: string, name: string, purpose: string): Promise<{ row: WatchlistRow; created: boolean }> {
    // The conflicting list may be deleted by a concurrent DELETE between our INSERT and the locking read: try again.
    for (let attempt = 0; ; attempt++) {
      const inserted = await queryOne<{ id: string }>(
        em,
        `INSERT INTO changes.watchlists (agency_id, name, purpose) VALUES ($1, $2, $3) ON CONFLICT (agency_id, name) DO NOTHING RETURNING id`,
        [agencyId, name, purpose],
      );
      const row = await this.find(em, agencyId, name, true);
      if (row) return { row, created: !!inserted };
      if (attempt >= 3) throw new Error(`watchlist ${name} vanished ${attempt + 1} times while being replaced`);
    }
  }

  /**
   * Replaces the list's codes with `codes` (normalised input, org code it names): one staging table, two statements;
   * returns how many came and went and how many name no registered enterprise.
   */
  async replaceCodes(em: EntityManager, id: string, codes: string[], orgCodes: string[]): Promise<{ added: number; removed: number; unknown: number }> {
    await em.query(`CREATE TEMP TABLE incoming_codes (code text PRIMARY KEY, org_code text NOT NULL) ON COMMIT DROP`);
    await em.query(`INSERT INTO incoming_codes SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [codes, orgCodes]);
    const { n: removed } = await querySingle<{ n: number }>(
      em,
      `WITH gone AS (DELETE FROM changes.watched_codes w
                      WHERE w.watchlist_id = $1 AND NOT EXISTS (SELECT 1 FROM incoming_codes i WHERE i.code = w.code) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [id],
    );
    const { n: added } = await querySingle<{ n: number }>(
      em,
      `WITH came AS (INSERT INTO changes.watched_codes (watchlist_id, code, org_code)
                     SELECT $1, code, org_code FROM incoming_codes ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM came`,
      [id],
    );
    const { unknown } = await querySingle<{ unknown: number }>(
      em,
      `SELECT count(*)::int AS unknown FROM incoming_codes i WHERE NOT EXISTS (SELECT 1 FROM enterprises.resolve_code(i.code))`,
    );
    return { added, removed, unknown };
  }

  async saveCounts(
    em: EntityManager,
    id: string,
    purpose: string,
    c: { codes: number; unknown: number; invalid: number; invalidCodes: unknown[] },
  ): Promise<void> {
    await em.query(
      `UPDATE changes.watchlists SET purpose = $2, code_count = $3, unknown_count = $4, invalid_count = $5, invalid_codes = $6,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, purpose, c.codes, c.unknown, c.invalid, JSON.stringify(c.invalidCodes)],
    );
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.query(`DELETE FROM changes.watchlists WHERE id = $1`, [id]);
  }
}
