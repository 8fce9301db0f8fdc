import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, isPgError, PG, problem, queryChanged, querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { CreditProblems } from './credit.problems.js';
import type { CreditCategory } from './credit.types.js';
import type { CategoryDto, UpdateCategoryDto } from './credit-records.dto.js';
import { CATEGORY_COLUMNS, type CategoryRow, CreditRecordsRepository, toCategory } from './credit-records.repository.js';

/** DOMAIN.md §7: only a (heavier) penalty grounds a listing, never positive information. */
const groundsListingPositive = () =>
  problem(CreditProblems.invalidCategory, 'a positive category cannot ground a blacklist listing', [
    { field: 'groundsListing', rule: 'negativeOnly', message: 'only negative categories can ground a listing' },
  ]);

/** The category catalogue (DOMAIN.md §5): seeded from seeds/credit-categories.json, edited by admins. */
@Injectable()
export class CreditCatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CreditRecordsRepository,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<CreditCategory[]> {
    return this.repo.categories();
  }

  async get(code: string): Promise<CreditCategory> {
    const c = await this.repo.category(null, code);
    if (!c) throw problem(CreditProblems.categoryNotFound, `no credit category ${code}`);
    return c;
  }

  async create(actor: Actor, dto: CategoryDto): Promise<CreditCategory> {
    if ((dto.polarity === 'positive') !== (dto.severity === 'positive')) {
      throw problem(CreditProblems.unknownCategory, 'positive categories have severity "positive", negative ones minor/general/serious', [
        { field: 'severity', rule: 'polarity', message: 'severity does not match polarity' },
      ]);
    }
    if (dto.groundsListing && dto.polarity === 'positive') throw groundsListingPositive();
    return inTransaction(this.dataSource, async (em) => {
      try {
        const row = await querySingle<CategoryRow>(
          em,
          `INSERT INTO credit.categories (code, polarity, severity, name_zh, name_en, publication_months, repair_min_months, repair_min_months_strict, grounds_listing)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING ${CATEGORY_COLUMNS}`,
          [
            dto.code,
            dto.polarity,
            dto.severity,
            dto.nameZh,
            dto.nameEn,
            dto.publicationMonths,
            dto.repairMinMonths ?? null,
            dto.repairMinMonthsStrict ?? null,
            dto.groundsListing ?? false,
          ],
        );
        const after = toCategory(row);
        await this.audit.record(em, actor, { action: 'credit.category.create', entityType: 'credit_category', entityId: dto.code, after });
        return after;
      } catch (err) {
        if (isPgError(err, PG.uniqueViolation)) throw problem(CreditProblems.categoryExists, `category ${dto.code} exists`);
        throw err;
      }
    });
  }

  async update(actor: Actor, code: string, dto: UpdateCategoryDto): Promise<CreditCategory> {
    return inTransaction(this.dataSource, async (em) => {
      const before = await this.repo.category(em, code);
      if (!before) throw problem(CreditProblems.categoryNotFound, `no credit category ${code}`);
      if (dto.groundsListing && before.polarity === 'positive') throw groundsListingPositive();
      const {
        rows: [updated],
      } = await queryChanged<CategoryRow>(
        em,
        `UPDATE credit.categories SET
           name_zh = $3, name_en = $4, publication_months = $5, repair_min_months = $6, repair_min_months_strict = $7, active = $8, grounds_listing = $9,
           version = version + 1, updated_at = now()
         WHERE code = $1 AND version = $2 RETURNING ${CATEGORY_COLUMNS}`,
        [
          code,
          dto.version,
          dto.nameZh ?? before.name.zh,
          dto.nameEn ?? before.name.en,
          dto.publicationMonths ?? before.publicationMonths,
          dto.repairMinMonths === undefined ? before.repairMinMonths : dto.repairMinMonths,
          dto.repairMinMonthsStrict === undefined ? before.repairMinMonthsStrict : dto.repairMinMonthsStrict,
          dto.active ?? before.active,
          dto.groundsListing ?? before.groundsListing,
        ],
      );
      if (!updated) throw problem(CreditProblems.stale, `category ${code} is at version ${before.version}`);
      const after = toCategory(updated);
      await this.audit.record(em, actor, {
        action: 'credit.category.update',
        entityType: 'credit_category',
        entityId: code,
        before,
        after,
        reason: dto.reason,
      });
      return after;
    });
  }
}
