import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import type { ChangeEvent } from './change.types.js';

const COLUMNS = `cursor::text AS cursor, enterprise_id AS "enterpriseId", uscc, org_code AS "orgCode", cause, effective_on::text AS "effectiveOn",
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", purposes, verdicts, before, after`;

export type ChangeRow = ChangeEvent & { purposes: string[] };

/** SQL of changes.events and changes.horizon. */
@Injectable()
export class ChangesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Events after `since`, in cursor order. `purposes` null: all (staff); else those moving one of the purposes, or a
   * purpose-independent field (name, status, grade) — visible to every agency.
   */
  after(since: string, limit: number, purposes: readonly string[] | null): Promise<ChangeRow[]> {
    return this.db.query(
      // ORDER BY the column, not the text alias of the same name (which would sort "100" before "99").
      `SELECT ${COLUMNS} FROM changes.events e
        WHERE e.cursor > $1::bigint AND ($3::text[] IS NULL OR e.purposes && $3::text[] OR cardinality(e.purposes) = 0)
        ORDER BY e.cursor LIMIT $2`,
      [since, limit, purposes],
    );
  }

  async purgedThrough(): Promise<string> {
    const row = await querySingle<{ p: string }>(this.db, `SELECT purged_through::text AS p FROM changes.horizon`);
    return row.p;
  }

  /**
   * Deletes events sequenced before the cut-off — a prefix of the cursors (passes commit one after another, each
   * stamping its own start time) — and moves the horizon; returns how many went. Unsequenced events are never purged.
   */
  async purge(before: Date): Promise<number> {
    const row = await querySingle<{ n: number }>(
      this.db,
      `WITH gone AS (DELETE FROM changes.events WHERE sequenced_at < $1 RETURNING cursor),
            top AS (SELECT max(cursor) AS c, count(*) AS n FROM gone),
            moved AS (UPDATE changes.horizon SET purged_through = greatest(purged_through, top.c) FROM top WHERE top.c IS NOT NULL)
       SELECT n::int AS n FROM top`,
      [before],
    );
    return row.n;
  }
}
