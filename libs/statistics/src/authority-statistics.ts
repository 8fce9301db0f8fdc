import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, fieldProblem, problem, queryOne, queryRows, readOnReplica, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { StatisticsProblems } from './statistics.problems.js';
import type { StatColumn, StatTable, StatValue } from './statistics.types.js';

const col = (key: string, zh: string, en: string, kind: StatColumn['kind'] = 'count'): StatColumn => ({ key, label: { zh, en }, kind });

const COLUMNS: StatColumn[] = [
  col('code', '机关代码', 'Authority code', 'text'),
  col('name', '机关', 'Authority', 'text'),
  col('level', '层级', 'Level', 'text'),
  col('decidedOwn', '本机关期间决定列入', 'Decided in period (own)'),
  col('decided', '含下级期间决定列入', 'Decided in period (with lower levels)'),
  col('inForceOwn', '本机关在列', 'In force (own)'),
  col('inForce', '含下级在列', 'In force (with lower levels)'),
  col('awaitingConsent', '待上级同意', 'Awaiting upper-level consent'),
  col('openCases', '待撤销案件（含下级）', 'Open revocation cases (with lower levels)'),
  col('overdueCases', '逾期待撤销案件（含下级）', 'Overdue revocation cases (with lower levels)'),
];

/**
 * 白皮书 statistics by authority (issue 24): for each authority in the subtree of `root` (default: the user's own), the
 * listings it decided and those of the authorities below it (region prefix and a lower level: one comparison per
 * pair, no recursive query), in force on `to`, awaiting consent, and revocation cases open or overdue.
 */
@Injectable()
export class AuthorityStatistics {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** On a streaming replica when DATABASE_READ_URLS is set (issue 22), both queries on the same one. */
  byAuthority(actor: Actor, q: { authority?: string; from?: string; to?: string }): Promise<StatTable> {
    return readOnReplica(this.db, () => this.table(actor, q));
  }

  private async table(actor: Actor, q: { authority?: string; from?: string; to?: string }): Promise<StatTable> {
    const to = q.to ?? todayInChina();
    const from = q.from ?? `${to.slice(0, 4)}-01-01`;
    const rootCode = q.authority ?? actor.authorities?.[0]?.code ?? 'samr';
    const root = await queryOne<{ code: string; name: string; region_prefix: string; rank: number }>(
      this.db,
      `SELECT code, name, region_prefix, rank FROM statistics.authorities WHERE code = $1`,
      [rootCode],
    );
    if (!root)
      throw problem(StatisticsProblems.authorityUnknown, `no authority ${rootCode}`, [fieldProblem('authority', 'exists', 'an active authority code')]);
    const rows = await queryRows<Record<string, StatValue>>(
      this.db,
      `WITH scope AS (
         SELECT * FROM statistics.authorities WHERE region_prefix LIKE $1 || '%' AND rank >= $2),
       per AS (
         SELECT s.id, s.code, s.name, s.level, s.region_prefix, s.rank, s.region_code,
                count(d.*) FILTER (WHERE d.decided_on BETWEEN $3::date AND $4::date)::int AS decided,
                count(d.*) FILTER (WHERE d.in_force_from <= $4::date AND $4::date < d.in_force_until AND d.status IN ('listed','expired','repaired','revoked'))::int AS in_force,
                count(d.*) FILTER (WHERE d.status = 'awaiting_consent')::int AS awaiting
           FROM scope s LEFT JOIN statistics.listing_decisions d ON d.authority_id = s.id GROUP BY s.id, s.code, s.name, s.level, s.region_prefix, s.rank, s.region_code),
       cases AS (
         SELECT authority_id, count(*)::int AS open, count(*) FILTER (WHERE due_on < $5::date)::int AS overdue
           FROM statistics.revocation_cases WHERE status = 'open' GROUP BY authority_id)
       SELECT a.code, a.name, a.level, a.decided AS "decidedOwn", a.in_force AS "inForceOwn", a.awaiting AS "awaitingConsent",
              sum(b.decided)::int AS decided, sum(b.in_force)::int AS "inForce",
              coalesce(sum(c.open), 0)::int AS "openCases", coalesce(sum(c.overdue), 0)::int AS "overdueCases"
         FROM per a JOIN per b ON b.region_prefix LIKE a.region_prefix || '%' AND b.rank >= a.rank
         LEFT JOIN cases c ON c.authority_id = b.id
        GROUP BY a.code, a.name, a.level, a.decided, a.in_force, a.awaiting, a.rank, a.region_code
        ORDER BY a.region_code, a.rank, a.code`,
      [root.region_prefix, root.rank, from, to, todayInChina()],
    );
    return {
      report: 'authorities',
      title: { zh: `严重失信名单统计（按机关，${root.name}及下级）`, en: `Blacklist by authority (${root.code} and below)` },
      params: { authority: root.code, from, to },
      columns: COLUMNS,
      rows,
      totals: null,
      notes: [
        {
          zh: '“含下级”为本机关及其辖区内下级机关合计；“在列”指当日有效。',
          en: '"With lower levels" sums the authority and those below it in its region; "in force" on `to`.',
        },
      ],
    };
  }
}
