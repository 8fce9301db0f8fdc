import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CreditRecordsService } from '#qcr/credit-records';
import { addMonths, inTransaction, queryOne, systemActor, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { GradingService } from './grading.service.js';
import { GradeHistoryImporter } from './history-import/grade-history-importer.service.js';
import type { Grade } from './model/grading-model.js';
import { RegradeRuns } from './regrade-runs.service.js';

interface DemoRecord {
  category: string;
  monthsAgo: number;
  repair?: true;
  text: string;
}

/** A past grade from the earlier provincial register: held from `fromMonthsAgo` until `toMonthsAgo` (0: today). */
interface DemoPastGrade {
  grade: Grade;
  fromMonthsAgo: number;
  toMonthsAgo: number;
}

/** The authority named on the demo's imported history (a provincial register before this one existed). */
export const DEMO_HISTORY_AUTHORITY = '福建省市场监督管理局（原省级企业质量信用档案）';

/**
 * One scenario per demo enterprise so every grade AAA–D occurs with an explanation a newcomer can read.
 * `history`: grades the enterprise held in the earlier provincial register, brought in through the grade history
 * import (docs/grading.md) as a real register would, so AA (≥ 2 years at A) and AAA (≥ 1 year at AA) are earned
 * from dated history by the same progression rule a regrade applies — never written as grades directly (issue 15).
 */
const SCENARIOS: Array<{ label: string; records: DemoRecord[]; history: DemoPastGrade[] }> = [
  {
    label: 'AAA',
    history: [
      { grade: 'A', fromMonthsAgo: 60, toMonthsAgo: 36 },
      { grade: 'AA', fromMonthsAgo: 36, toMonthsAgo: 0 },
    ],
    records: [
      { category: 'quality_award', monthsAgo: 20, text: '荣获市长质量奖' },
      { category: 'famous_brand', monthsAgo: 6, text: '产品获评省名牌产品' },
    ],
  },
  {
    label: 'AA',
    history: [{ grade: 'A', fromMonthsAgo: 48, toMonthsAgo: 0 }],
    records: [{ category: 'quality_award', monthsAgo: 20, text: '荣获长江质量奖提名奖' }],
  },
  {
    label: 'A (held by progression)',
    history: [{ grade: 'A', fromMonthsAgo: 12, toMonthsAgo: 0 }],
    records: [{ category: 'quality_award', monthsAgo: 3, text: '荣获区长质量奖' }],
  },
  { label: 'B', history: [], records: [{ category: 'sampling_failed', monthsAgo: 3, text: '国家监督抽查：电线电缆导体电阻不合格' }] },
  { label: 'C', history: [], records: [{ category: 'penalty_heavier', monthsAgo: 4, text: '生产不符合标准的产品，没收违法所得并处货值金额两倍罚款' }] },
  {
    label: 'D',
    history: [],
    records: [
      { category: 'counterfeiting', monthsAgo: 2, text: '伪造产品产地、冒用他人厂名厂址' },
      { category: 'false_information', monthsAgo: 5, text: '在许可证申请中提供虚假检验报告' },
    ],
  },
  {
    label: 'B (accident cap)',
    history: [],
    records: [
      { category: 'quality_accident', monthsAgo: 40, text: '锅炉爆燃事故，事故调查尚未结案' },
      { category: 'quality_award', monthsAgo: 10, text: '荣获市长质量奖' },
    ],
  },
  {
    label: 'A (repaired)',
    history: [],
    records: [{ category: 'sampling_failed', monthsAgo: 8, repair: true, text: '省级监督抽查：标签标识不合格（已整改）' }],
  },
];

/** Demo credit records and grades for the first enterprises of the demo register; idempotent (DEMO- document numbers). */
export async function seedDemoCreditAndGrades(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const credit = app.get(CreditRecordsService);
  const grading = app.get(GradingService);
  const actor = systemActor('demo-seed');
  const today = todayInChina();
  const enterprises: Array<{ id: string; org_code: string }> = await dataSource.query(
    `SELECT id, org_code FROM enterprises.register WHERE status = 'active' ORDER BY created_at, org_code LIMIT $1`,
    [SCENARIOS.length],
  );
  const history: string[] = [];
  for (const [i, e] of enterprises.entries()) {
    const scenario = SCENARIOS[i];
    if (!scenario) break; // the query is LIMITed to SCENARIOS.length
    const created = await inTransaction(dataSource, async (em) => {
      const done: Array<{ id: string; repair?: true }> = [];
      for (const [n, r] of scenario.records.entries()) {
        const occurredOn = addMonths(today, -r.monthsAgo);
        const { record, created } = await credit.insert(
          em,
          actor,
          e.id,
          {
            categoryCode: r.category,
            occurredOn,
            documentNumber: `DEMO-${e.org_code}-${n + 1}`,
            issuingDepartment: '厦门市市场监督管理局',
            legalBasis: '《中华人民共和国产品质量法》',
            description: r.text,
          },
          'manual',
          true,
        );
        if (created) done.push({ id: record.id, repair: r.repair });
      }
      if (done.length) await grading.regradeEnterprise(em, e.id, today, 'seed');
      return done;
    });
    for (const r of created) if (r.repair) await credit.repair(actor, r.id, '企业已完成整改，经复查合格，准予信用修复');
    // Only on first seeding: the periods are dated from today, so a later restart would overlap them.
    if (created.length) {
      for (const h of scenario.history) {
        history.push(`${e.org_code},${h.grade},${addMonths(today, -h.fromMonthsAgo)},${addMonths(today, -h.toMonthsAgo)},${DEMO_HISTORY_AUTHORITY}`);
      }
    }
  }
  // One import for the whole demo history, through the path a real register takes (validated, audited once).
  if (history.length) {
    await app
      .get(GradeHistoryImporter)
      .importCsv(`enterprise_code,grade,valid_from,valid_to,authority\n${history.join('\n')}\n`, actor, 'demo-grade-history.csv');
  }
  // The rest of the register gets its first grades from one full run (only the first time).
  const done = await queryOne(dataSource, `SELECT 1 FROM grading.runs WHERE status = 'completed' LIMIT 1`);
  if (!done) await app.get(RegradeRuns).regradeAll(actor);
}
