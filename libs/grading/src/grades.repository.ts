import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CarriedWrite, type IsoDate, queryOne, queryRows, querySingle, selectList, type SelectSpec, withCarried } from '#qcr/platform';
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

/** A grading.grades row as the SQL answers it (created_at still a timestamp; toRow makes it ISO text). */
export interface GradeDbRow extends Omit<GradeRow, 'createdAt'> {
  createdAt: Date | string;
}

/** The select list of GradeDbRow: written from the row type, so a missing or misspelt column fails typecheck. */
export const GRADE_COLUMNS = selectList<GradeDbRow>({
  id: 'id::text',
  enterpriseId: 'enterprise_id',
  grade: 'grade',
  score: 'score::float8',
  modelVersion: 'model_version',
  explanation: 'explanation',
  standing: 'standing',
  validFrom: 'valid_from::text',
  validTo: 'valid_to::text',
  overridden: 'overridden',
  overrideId: 'override_id',
  source: 'source',
  createdAt: 'created_at',
});

/**
 * The enterprise's open row ($n its id), a probe of the btree `grades_current` (unique, WHERE valid_to IS NULL).
 * Written `= ANY (ARRAY[$n])` on purpose: GiST cannot take an array comparison as an index condition, so the planner
 * cannot pick the exclusion index `grades_no_overlap`, whose cost estimate ties the btree's — with `enterprise_id = $n`
 * it chose the GiST index, custom and generic plan alike, and touched 32 buffers where the btree touches 3 (issue 12).
 */
export const openRowOf = (n: string) => `enterprise_id = ANY (ARRAY[${n}]::uuid[]) AND valid_to IS NULL`;

export const toRow = (r: GradeDbRow): GradeRow => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

/** The contract read's columns (grading.grade_on), never the explanation jsonb. */
type GradeViewRow = Pick<GradeRow, 'grade' | 'score' | 'validFrom' | 'modelVersion' | 'overridden'>;
const VIEW_COLUMNS: SelectSpec<GradeViewRow> = {
  grade: 'g.grade',
  score: 'g.score',
  validFrom: 'g.valid_from::text',
  modelVersion: 'g.model_version',
  overridden: 'g.overridden',
};

export const toView = (r: Pick<GradeRow, 'grade' | 'score' | 'validFrom' | 'modelVersion' | 'overridden'>): GradeView => ({
  grade: r.grade,
  score: r.score,
  validFrom: r.validFrom,
  modelVersion: r.modelVersion,
  overridden: r.overridden,
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
    const row = await queryOne<GradeDbRow>(
      em ?? this.dataSource,
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
    const r = await queryOne<GradeViewRow>(
      this.dataSource,
      `SELECT ${selectList(VIEW_COLUMNS)} FROM grading.grade_on($1, $2::date) g`, // grades_on_date
      [enterpriseId, asOf],
    );
    return r ? toView(r) : null;
  }

  async onMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, GradeView>> {
    const rows = await queryRows<GradeViewRow & { enterpriseId: string }>(
      this.dataSource,
      // one grades_on_date probe per id
      `SELECT ${selectList<GradeViewRow & { enterpriseId: string }>({ enterpriseId: 'i.id', ...VIEW_COLUMNS })}
         FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL grading.grade_on(i.id, $2::date) g`,
      [enterpriseIds, asOf],
    );
    return new Map(rows.map((r) => [r.enterpriseId, toView(r)]));
  }

  /** The open (current) row, locked for the caller's transaction. */
  async current(em: EntityManager, enterpriseId: string): Promise<GradeRow | null> {
    // grades_current (openRowOf)
    const row = await queryOne<GradeDbRow>(em, `SELECT ${GRADE_COLUMNS} FROM grading.grades WHERE ${openRowOf('$1')} FOR UPDATE`, [enterpriseId]);
    return row ? toRow(row) : null;
  }

  async history(enterpriseId: string): Promise<GradeRow[]> {
    const rows = await queryRows<GradeDbRow>(
      this.dataSource,
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
    const { sql, params } = withCarried({ ...GradesRepository.replaceWrite(closeId, g), select: 'SELECT id FROM grade_written' }, []);
    return (await querySingle<{ id: string }>(em, sql, params)).id;
  }

  /**
   * `replace` as data-modifying CTEs (`grade_closed`, `grade_written`) for another statement to carry: a listing
   * decision's grade write rides on the change outbox's event insert (DomainEvents.deferWrite, issue 21).
   */
  static replaceWrite(closeId: string | null, g: NewGrade): CarriedWrite {
    return {
      ctes: [
        ['grade_closed', `UPDATE grading.grades SET valid_to = $7::date WHERE id = $12::bigint AND valid_to IS NULL RETURNING id`],
        [
          'grade_written',
          `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, override_id, source, run_id)
           SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11 FROM (SELECT 1) AS one LEFT JOIN grade_closed ON true RETURNING id::text AS id`,
        ],
      ],
      params: [...gradeValues(g), closeId],
    };
  }

  async insert(em: EntityManager, g: NewGrade): Promise<string> {
    const row = await querySingle<{ id: string }>(
      em,
      `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, standing, valid_from, overridden, override_id, source, run_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id::text`,
      gradeValues(g),
    );
    return row.id;
  }
}

/** $1–$11 of both grade inserts, in the column order they name. */
function gradeValues(g: NewGrade): unknown[] {
  return [
    g.enterpriseId,
    g.grade,
    g.score,
    g.modelVersion,
    JSON.stringify(g.explanation),
    JSON.stringify(g.standing),
    g.validFrom,
    g.overridden,
    g.overrideId,
    g.source,
    g.runId ?? null,
  ];
}
