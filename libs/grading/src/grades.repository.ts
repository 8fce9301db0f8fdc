import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IsoDate } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { Grade } from './model/grading-model.js';
import type { Standing } from './model/scoring.js';
import type { GradeView, StoredExplanation } from './grading.types.js';

export interface GradeRow {
  id: string;
  enterpriseId: string;
  grade: Grade;
  score: number;
  modelVersion: string;
  explanation: StoredExplanation;
  standing: Standing;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  overridden: boolean;
  overrideId: string | null;
  source: string;
  createdAt: string;
}

export interface NewGrade {
  enterpriseId: string;
  grade: Grade;
  score: number;
  modelVersion: string;
  explanation: StoredExplanation;
  standing: Standing;
  validFrom: IsoDate;
  overridden: boolean;
  overrideId: string | null;
  source: string;
  runId?: string | null;
}

export const GRADE_COLUMNS = `id::text, enterprise_id, grade, score::float8 AS score, model_version, explanation, standing,
  valid_from::text AS valid_from, valid_to::text AS valid_to, overridden, override_id, source, created_at`;

/* eslint-disable @typescript-eslint/no-explicit-any */
export const toRow = (r: any): GradeRow => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  grade: r.grade,
  score: r.score,
  modelVersion: r.model_version,
  explanation: r.explanation,
  standing: r.standing,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  overridden: r.overridden,
  overrideId: r.override_id,
  source: r.source,
  createdAt: new Date(r.created_at).toISOString(),
});

export const toView = (r: Pick<GradeRow, 'grade' | 'score' | 'validFrom' | 'modelVersion' | 'overridden'>): GradeView => ({
  grade: r.grade, score: r.score, validFrom: r.validFrom, modelVersion: r.modelVersion, overridden: r.overridden,
});

/**
 * SQL for grading.grades. Point reads on a date go through the btree `grades_on_date`
 * (enterprise_id, valid_from DESC) — directly, or through `grading.grade_on`, the published read
 * other contexts join; the GiST exclusion index `grades_no_overlap` is for integrity only.
 */
@Injectable()
export class GradesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async on(em: EntityManager | null, enterpriseId: string, asOf: IsoDate): Promise<GradeRow | null> {
    const [row] = await (em ?? this.dataSource).query(
      // grades_on_date: newest row starting on or before the date, if it has not ended by then
      `SELECT ${GRADE_COLUMNS} FROM grading.grades
        WHERE enterprise_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR $2::date < valid_to)
        ORDER BY valid_from DESC LIMIT 1`,
      [enterpriseId, asOf],
    );
    return row ? toRow(row) : null;
  }

  /** The contract read (checks, public register): only the view's columns, never the explanation jsonb. */
  async viewOn(enterpriseId: string, asOf: IsoDate): Promise<GradeView | null> {
    const [r] = await this.dataSource.query(
      `SELECT grade, score, valid_from::text AS valid_from, model_version, overridden FROM grading.grade_on($1, $2::date)`, // grades_on_date
      [enterpriseId, asOf],
    );
    return r ? toView({ grade: r.grade, score: r.score, validFrom: r.valid_from, modelVersion: r.model_version, overridden: r.overridden }) : null;
  }

  async onMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, GradeView>> {
    const rows = await this.dataSource.query(
      // one grades_on_date probe per id
      `SELECT i.id AS enterprise_id, g.grade, g.score, g.valid_from::text AS valid_from, g.model_version, g.overridden
         FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL grading.grade_on(i.id, $2::date) g`,
      [enterpriseIds, asOf],
    );
    return new Map(rows.map((r: any) => [r.enterprise_id, toView({ grade: r.grade, score: r.score, validFrom: r.valid_from, modelVersion: r.model_version, overridden: r.overridden })]));
  }

  /** The open (current) row, locked for the caller's transaction. */
  async current(em: EntityManager, enterpriseId: string): Promise<GradeRow | null> {
    // grades_current (unique, WHERE valid_to IS NULL)
    const [row] = await em.query(`SELECT ${GRADE_COLUMNS} FROM grading.grades WHERE enterprise_id = $1 AND valid_to IS NULL FOR UPDATE`, [enterpriseId]);
    return row ? toRow(row) : null;
  }

  async history(enterpriseId: string): Promise<GradeRow[]> {
    const rows = await this.dataSource.query(
      `SELECT ${GRADE_COLUMNS} FROM grading.grades WHERE enterprise_id = $1 ORDER BY valid_from DESC, id DESC`,
      [enterpriseId],
    );
    return rows.map(toRow);
  }

  /** Ends the open row on `asOf` (same day: an empty range — kept in history, never the answer for a date). */
  async close(em: EntityManager, id: string, asOf: IsoDate): Promise<void> {
    await em.query(`UPDATE grading.grades SET valid_to = $2::date WHERE id = $1 AND valid_to IS NULL`, [id, asOf]);
  }

  /**
   * Closes the open row (if any) on the new row's valid_from and inserts the new one, in one statement: the INSERT
   * reads the UPDATE's result, so the open row is closed first and grades_current never sees two (issue 21).
   */
  async replace(em: EntityManager, closeId: string | null, g: NewGrade): Promise<string> {
    const [row] = await em.query(
      `WITH closed AS (UPDATE grading.grades SET valid_to = $7::date WHERE id = $12::bigint AND valid_to IS NULL RETURNING id)
       INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, override_id, source, run_id)
       SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11 FROM (SELECT 1) AS one LEFT JOIN closed ON true RETURNING id::text`,
      [g.enterpriseId, g.grade, g.score, g.modelVersion, JSON.stringify(g.explanation), JSON.stringify(g.standing), g.validFrom,
        g.overridden, g.overrideId, g.source, g.runId ?? null, closeId],
    );
    return row.id;
  }

  async insert(em: EntityManager, g: NewGrade): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, override_id, source, run_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id::text`,
      [g.enterpriseId, g.grade, g.score, g.modelVersion, JSON.stringify(g.explanation), JSON.stringify(g.standing), g.validFrom,
        g.overridden, g.overrideId, g.source, g.runId ?? null],
    );
    return row.id;
  }
}
