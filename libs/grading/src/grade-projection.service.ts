import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlacklistReader } from '#qcr/blacklist';
import { CreditRecordsService } from '#qcr/credit-records';
import { type IsoDate, querySingle, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { GradingModels } from './grading-models.service.js';
import type { GradeView, StoredExplanation } from './grading.types.js';
import { type ActiveOverride, assignGrade } from './model/assign.js';
import type { Standing } from './model/scoring.js';

/** A grade computed for a date after today from what is known now; never stored. */
export interface ProjectedGrade extends GradeView {
  explanation: StoredExplanation;
}

/**
 * Grades for dates after today (docs/grading.md, "Future dates"). The stored history ends at today: its open row
 * says what the register decided, not what the records and listings will say on a bid deadline. So a future date is
 * computed, never read: the records counting on that date (windows close on their own), the listings in force on
 * it (a decided future start restricts from its start; a planned end ends it), approved overrides still lasting,
 * and the progression clock carried forward from today's standing — the same rule (assignGrade) a regrade applies.
 */
@Injectable()
export class GradeProjection {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly models: GradingModels,
    private readonly credit: CreditRecordsService,
    private readonly blacklist: BlacklistReader,
  ) {}

  /** One read each of records, listings, standings and overrides for all ids; every id gets a grade. */
  async projectMany(enterpriseIds: string[], asOf: IsoDate): Promise<Map<string, ProjectedGrade>> {
    const result = new Map<string, ProjectedGrade>();
    const ids = [...new Set(enterpriseIds)];
    if (ids.length === 0) return result;
    const model = await this.models.active();
    const [records, listings, state] = await Promise.all([
      this.credit.countingRecordsMany(ids, asOf),
      this.blacklist.activeListingsMany(ids, asOf),
      querySingle<{ standing: string; overrides: string }>(
        this.dataSource,
        `SELECT
           (SELECT coalesce(json_agg(json_build_array(g.enterprise_id, g.standing)), '[]')::text
              FROM grading.grades g WHERE g.enterprise_id = ANY($2::uuid[])
               AND g.valid_from <= $3::date AND (g.valid_to IS NULL OR g.valid_to > $3::date)) AS standing,
           (SELECT coalesce(json_agg(json_build_array(o.enterprise_id, o.id, o.grade, o.reason, o.valid_until) ORDER BY o.reviewed_at), '[]')::text
              FROM grading.overrides o WHERE o.enterprise_id = ANY($2::uuid[]) AND o.status = 'approved'
               AND o.valid_from <= $1::date AND $1::date < o.valid_until) AS overrides`,
        [asOf, ids, todayInChina()],
      ),
    ]);
    const standing = new Map<string, Standing>(JSON.parse(state.standing) as Array<[string, Standing]>);
    const overrides = new Map<string, ActiveOverride>();
    // ordered by review time: the latest approval wins, as in GradingService.activeOverride
    for (const [eid, id, grade, reason, validUntil] of JSON.parse(state.overrides) as Array<[string, string, ActiveOverride['grade'], string, IsoDate]>)
      overrides.set(eid, { id, grade, reason, validUntil });
    for (const id of ids) {
      const next = assignGrade(
        model,
        { records: records.get(id) ?? [], asOf, activeListings: (listings.get(id) ?? []).map((l) => l.id), standing: standing.get(id) ?? {} },
        overrides.get(id) ?? null,
      );
      result.set(id, {
        grade: next.grade,
        score: next.score,
        validFrom: asOf,
        modelVersion: model.version,
        overridden: next.overridden,
        explanation: next.explanation,
      });
    }
    return result;
  }

  async projectOne(enterpriseId: string, asOf: IsoDate): Promise<ProjectedGrade> {
    return (await this.projectMany([enterpriseId], asOf)).get(enterpriseId)!;
  }
}
