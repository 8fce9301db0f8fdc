import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryChanged, queryOne, queryRows } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { Measure } from './measure.types.js';

export const measureColumns = `code, department, purpose, trigger, trigger_grade AS "triggerGrade", kind,
  legal_basis AS "legalBasis", json_build_object('zh', text_zh, 'en', text_en) AS text, active, version`;

export type MeasureFields = Omit<Measure, 'active' | 'version'>;

/** SQL for measures.catalogue. */
@Injectable()
export class MeasuresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `all(false)` as a JSON array subquery (MeasuresService.activeCatalogueJsonSql). */
  static readonly activeJsonSql = `(SELECT coalesce(json_agg(m ORDER BY m.purpose, m.kind DESC, m.code), '[]'::json)
    FROM (SELECT ${measureColumns} FROM measures.catalogue WHERE active) AS m)`;

  async all(includeRetired: boolean, em: EntityManager | null = null): Promise<Measure[]> {
    return queryRows<Measure>(
      em ?? this.db,
      `SELECT ${measureColumns} FROM measures.catalogue ${includeRetired ? '' : 'WHERE active'} ORDER BY purpose, kind DESC, code`,
    );
  }

  async find(em: EntityManager | null, code: string, forUpdate = false): Promise<Measure | null> {
    return queryOne<Measure>(em ?? this.db, `SELECT ${measureColumns} FROM measures.catalogue WHERE code = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [code]);
  }

  /** Inserts; with `skipExisting` a code already present is left untouched and null comes back. */
  async insert(em: EntityManager, m: MeasureFields, skipExisting = false): Promise<Measure | null> {
    // ON CONFLICT DO NOTHING returns no row for a skipped code: queryOne, not querySingle.
    return queryOne<Measure>(
      em,
      `INSERT INTO measures.catalogue (code, department, purpose, trigger, trigger_grade, kind, legal_basis, text_zh, text_en)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ${skipExisting ? 'ON CONFLICT (code) DO NOTHING' : ''}
       RETURNING ${measureColumns}`,
      [m.code, m.department, m.purpose, m.trigger, m.triggerGrade, m.kind, m.legalBasis, m.text.zh, m.text.en],
    );
  }

  /** Guarded by version: returns null when someone else changed the row first. */
  async update(em: EntityManager, code: string, version: number, m: Omit<MeasureFields, 'code'>, active: boolean): Promise<Measure | null> {
    const { rows } = await queryChanged<Measure>(
      em,
      `UPDATE measures.catalogue
          SET department = $3, purpose = $4, trigger = $5, trigger_grade = $6, kind = $7, legal_basis = $8,
              text_zh = $9, text_en = $10, active = $11, version = version + 1, updated_at = now()
        WHERE code = $1 AND version = $2
        RETURNING ${measureColumns}`,
      [code, version, m.department, m.purpose, m.trigger, m.triggerGrade, m.kind, m.legalBasis, m.text.zh, m.text.en, active],
    );
    return rows[0] ?? null;
  }
}
