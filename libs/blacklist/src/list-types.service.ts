import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, problem } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { BlacklistProblems } from './blacklist.problems.js';
import type { UpdateListTypeDto } from './list-types.dto.js';
import type { ListTypeRow } from './listing-rows.js';

export interface ListTypeView {
  code: string;
  name: { zh: string; en: string };
  legalBasis: string;
  durationYears: number;
  statementDays: number;
  repairMinYears: number;
  active: boolean;
  version: number;
  updatedAt: string;
}

export const toListTypeView = (t: ListTypeRow): ListTypeView => ({
  code: t.code,
  name: { zh: t.name_zh, en: t.name_en },
  legalBasis: t.legal_basis,
  durationYears: t.duration_years,
  statementDays: t.statement_days,
  repairMinYears: t.repair_min_years,
  active: t.active,
  version: t.version,
  updatedAt: new Date(t.updated_at).toISOString(),
});

/**
 * List-type settings (DOMAIN.md §7 "configurable"; issue 16). An edit is versioned (412 when the version read is
 * stale), audited with before/after and reason, and applies to listings proposed afterwards only: a listing keeps
 * the term, statement period and repair minimum it was proposed under (migration 1764900001000).
 */
@Injectable()
export class ListTypesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<ListTypeView[]> {
    const rows: ListTypeRow[] = await this.dataSource.query('SELECT * FROM blacklist.list_types ORDER BY code');
    return rows.map(toListTypeView);
  }

  async update(actor: Actor, code: string, dto: UpdateListTypeDto): Promise<ListTypeView> {
    return inTransaction(this.dataSource, async (em) => {
      const [row]: ListTypeRow[] = await em.query('SELECT * FROM blacklist.list_types WHERE code = $1 FOR UPDATE', [code]);
      if (!row) throw problem(BlacklistProblems.listTypeNotFound, `no list type ${code}`);
      const before = toListTypeView(row);
      if (before.version !== dto.version) {
        throw problem(BlacklistProblems.listTypeStale, `list type ${code} is at version ${before.version}, not ${dto.version}`, [], {
          currentVersion: before.version,
        });
      }
      const next = {
        nameZh: dto.nameZh?.trim() ?? before.name.zh,
        nameEn: dto.nameEn?.trim() ?? before.name.en,
        legalBasis: dto.legalBasis?.trim() ?? before.legalBasis,
        durationYears: dto.durationYears ?? before.durationYears,
        statementDays: dto.statementDays ?? before.statementDays,
        repairMinYears: dto.repairMinYears ?? before.repairMinYears,
        active: dto.active ?? before.active,
      };
      // Repair comes before the planned end or never (DOMAIN.md §7: ≥ 1 year of a 3-year term).
      if (next.repairMinYears > next.durationYears) {
        throw problem(BlacklistProblems.invalidListType, `repairMinYears ${next.repairMinYears} exceeds the term of ${next.durationYears} years`, [
          {
            field: dto.repairMinYears !== undefined ? 'repairMinYears' : 'durationYears',
            rule: 'repairWithinTerm',
            message: 'the repair minimum may not exceed the term',
          },
        ]);
      }
      for (const [field, value] of [
        ['nameZh', next.nameZh],
        ['nameEn', next.nameEn],
        ['legalBasis', next.legalBasis],
      ] as const) {
        if (!value)
          throw problem(BlacklistProblems.invalidListType, `${field} may not be blank`, [{ field, rule: 'required', message: `${field} may not be blank` }]);
      }
      const [updated]: ListTypeRow[] = await em
        .query(
          `UPDATE blacklist.list_types SET name_zh = $2, name_en = $3, legal_basis = $4, duration_years = $5, statement_days = $6,
           repair_min_years = $7, active = $8, version = version + 1, updated_at = now()
         WHERE code = $1 RETURNING *`,
          [code, next.nameZh, next.nameEn, next.legalBasis, next.durationYears, next.statementDays, next.repairMinYears, next.active],
        )
        .then(([rows]: [ListTypeRow[]]) => rows);
      if (!updated) throw new Error(`list type ${code} was read above in this transaction, yet the UPDATE found no row`);
      const after = toListTypeView(updated);
      await this.audit.record(em, actor, {
        action: 'blacklist.list-type.update',
        entityType: 'blacklist.list_type',
        entityId: code,
        before,
        after,
        reason: dto.reason,
      });
      return after;
    });
  }
}
