import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import {
  type Actor,
  AUTHORITY_LEVELS,
  covers,
  fieldProblem,
  inTransaction,
  isPgError,
  PG,
  problem,
  queryChanged,
  queryOne,
  queryRows,
  regionFitsLevel,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthorityProblems } from './authority.problems.js';
import type { Authority, AuthorityInput, AuthorityLevelSetting } from './authority.types.js';

const columns = `a.id, a.code, a.name, a.level, a.region_code AS "regionCode", a.parent_id AS "parentId", p.code AS "parentCode", a.active`;
const from = `access.authorities a LEFT JOIN access.authorities p ON p.id = a.parent_id`;

/**
 * Market-supervision authorities (DOMAIN.md §7): data, not code. Created and changed by an administrator (API) or
 * loaded from CSV (CLI), every change audited. The tree's shape is checked here, inside the write's transaction:
 * a parent is exactly one level up and its region contains the child's.
 */
@Injectable()
export class AuthoritiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<Authority[]> {
    return queryRows<Authority>(this.db, `SELECT ${columns} FROM ${from} ORDER BY a.region_code, a.code`);
  }

  async findByCode(em: Pick<EntityManager, 'query'> | null, code: string): Promise<Authority | null> {
    return queryOne<Authority>(em ?? this.db, `SELECT ${columns} FROM ${from} WHERE a.code = $1`, [code]);
  }

  async findById(em: Pick<EntityManager, 'query'> | null, id: string): Promise<Authority | null> {
    return queryOne<Authority>(em ?? this.db, `SELECT ${columns} FROM ${from} WHERE a.id::text = $1`, [id]);
  }

  /** Creates the authority, or (same code) updates its name, level, region and parent; audited either way. */
  async upsert(actor: Actor, input: AuthorityInput): Promise<{ authority: Authority; created: boolean; changed: boolean }> {
    try {
      return await inTransaction(this.db, async (em) => {
        const before = await this.findByCode(em, input.code);
        const parentId = await this.checkShape(em, input);
        if (
          before &&
          before.name === input.name &&
          before.level === input.level &&
          before.regionCode === input.regionCode &&
          before.parentCode === (input.parent ?? null)
        ) {
          return { authority: before, created: false, changed: false };
        }
        if (before) {
          await em.query(`UPDATE access.authorities SET name = $2, level = $3, region_code = $4, parent_id = $5, updated_at = now() WHERE id = $1`, [
            before.id,
            input.name,
            input.level,
            input.regionCode,
            parentId,
          ]);
        } else {
          await em.query(`INSERT INTO access.authorities (code, name, level, region_code, parent_id) VALUES ($1,$2,$3,$4,$5)`, [
            input.code,
            input.name,
            input.level,
            input.regionCode,
            parentId,
          ]);
        }
        const after = (await this.findByCode(em, input.code))!;
        await this.audit.record(em, actor, {
          action: before ? 'authority.updated' : 'authority.created',
          entityType: 'authority',
          entityId: after.id,
          before: before ?? undefined,
          after,
        });
        return { authority: after, created: !before, changed: true };
      });
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation))
        throw problem(AuthorityProblems.nameTaken, `an authority named ${input.name} exists`, [fieldProblem('name', 'unique', 'taken')]);
      throw err;
    }
  }

  async setActive(actor: Actor, id: string, active: boolean, reason: string): Promise<Authority> {
    return inTransaction(this.db, async (em) => {
      const before = await this.findById(em, id);
      if (!before) throw problem(AuthorityProblems.notFound, `no authority ${id}`);
      await em.query(`UPDATE access.authorities SET active = $2, updated_at = now() WHERE id = $1`, [before.id, active]);
      const after = (await this.findById(em, id))!;
      await this.audit.record(em, actor, { action: 'authority.updated', entityType: 'authority', entityId: before.id, before, after, reason });
      return after;
    });
  }

  /**
   * What a listing decision needs of the authorities a user acts for — each one's parent and its level's
   * 报经上一级同意 setting — as one JSON subquery over an SQL expression for their ids (uuid[]), for a caller that folds
   * it into a statement it makes anyway (the decision's locked read, issue 21). Keyed by authority id. Two primary-key
   * probes per authority (access.authorities, access.authority_levels).
   */
  static decisionSettingsSql(ids: string): string {
    return `(SELECT coalesce(json_object_agg(a.id, json_build_object('parentId', a.parent_id, 'consentRequired', l.upper_consent_required)), '{}'::json)
       FROM access.authorities a JOIN access.authority_levels l ON l.level = a.level WHERE a.id = ANY ((${ids})::uuid[]))`;
  }

  async levels(em: Pick<EntityManager, 'query'> | null = null): Promise<AuthorityLevelSetting[]> {
    const rows = await queryRows<{ level: AuthorityLevelSetting['level']; name_zh: string; name_en: string; upper_consent_required: boolean }>(
      em ?? this.db,
      `SELECT level, name_zh, name_en, upper_consent_required FROM access.authority_levels ORDER BY rank`,
    );
    return rows.map((r) => ({ level: r.level, name: { zh: r.name_zh, en: r.name_en }, upperConsentRequired: r.upper_consent_required }));
  }

  /** The 报经上一级同意 setting of one level (a 2025 revision draft would drop the step: data, not code). */
  async setUpperConsent(actor: Actor, level: string, required: boolean, reason: string): Promise<AuthorityLevelSetting> {
    if (level === 'national' && required)
      throw problem(AuthorityProblems.shape, 'the national authority has no upper level', [
        fieldProblem('upperConsentRequired', 'no-upper-level', 'national has no upper level'),
      ]);
    return inTransaction(this.db, async (em) => {
      const {
        rows: [row],
      } = await queryChanged<{ before: boolean }>(
        em,
        `UPDATE access.authority_levels SET upper_consent_required = $2, updated_at = now() WHERE level = $1
          RETURNING (SELECT upper_consent_required FROM access.authority_levels WHERE level = $1) AS before`,
        [level, required],
      );
      if (!row) throw problem(AuthorityProblems.levelUnknown, `no level ${level}`);
      await this.audit.record(em, actor, {
        action: 'authority-level.updated',
        entityType: 'authority-level',
        entityId: level,
        before: { upperConsentRequired: row.before },
        after: { upperConsentRequired: required },
        reason,
      });
      return (await this.levels(em)).find((l) => l.level === level)!;
    });
  }

  /** A parent exactly one level up whose region contains the child's; returns the parent's id. */
  private async checkShape(em: EntityManager, input: AuthorityInput): Promise<string | null> {
    if (!regionFitsLevel(input.level, input.regionCode)) {
      throw problem(AuthorityProblems.shape, `region ${input.regionCode} does not fit level ${input.level}`, [
        fieldProblem('regionCode', 'fits-level', 'national 000000, provincial ##0000, prefecture ####00, county ######'),
      ]);
    }
    if (input.level === 'national') {
      if (input.parent)
        throw problem(AuthorityProblems.shape, 'the national authority has no parent', [fieldProblem('parent', 'none-for-national', 'must be empty')]);
      return null;
    }
    const parent = input.parent ? await this.findByCode(em, input.parent) : null;
    if (!parent)
      throw problem(AuthorityProblems.shape, `parent ${input.parent ?? '(none)'} not found`, [fieldProblem('parent', 'exists', 'an existing authority code')]);
    const oneUp = AUTHORITY_LEVELS[AUTHORITY_LEVELS.indexOf(input.level) - 1];
    if (parent.level !== oneUp || !covers(parent, input.regionCode)) {
      throw problem(
        AuthorityProblems.shape,
        `parent ${parent.code} (${parent.level} ${parent.regionCode}) is not the ${oneUp} authority over ${input.regionCode}`,
        [fieldProblem('parent', 'one-level-up-and-containing', `a ${oneUp} authority whose region contains ${input.regionCode}`)],
      );
    }
    return parent.id;
  }
}
