import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CheckLogWriter } from '#qcr/joint-measures';
import { addMonths, todayInChina } from '#qcr/platform';
import { rate } from './statistics-csv.js';
import { type Grouping, type NamedRow, StatisticsRepository } from './statistics.repository.js';
import { GRADE_KEYS, type Label, type StatColumn, type StatTable, type StatValue } from './statistics.types.js';

const col = (key: string, zh: string, en: string, kind: StatColumn['kind'] = 'count'): StatColumn => ({ key, label: { zh, en }, kind });

const INDUSTRY_LEVEL_LABEL: Record<NonNullable<Grouping['industryLevel']>, Label> = {
  section: { zh: '门类', en: 'section' },
  division: { zh: '大类', en: 'division' },
  group: { zh: '中类', en: 'group' },
  class: { zh: '小类', en: 'class' },
};

const groupColumns = (g: Grouping): StatColumn[] => {
  if (g.by !== 'industry') return GROUP_COLUMNS[g.by];
  const l = INDUSTRY_LEVEL_LABEL[g.industryLevel ?? 'section'];
  return [col('code', `行业${l.zh}`, `Industry ${l.en}`, 'text'), ...GROUP_COLUMNS.industry.slice(1)];
};

const GROUP_COLUMNS: Record<Grouping['by'], StatColumn[]> = {
  region: [col('code', '行政区划代码', 'Division code', 'text'), col('name', '地区', 'Region', 'text')],
  industry: [
    col('code', '行业门类', 'Industry section', 'text'),
    col('name', '行业', 'Industry', 'text'),
    col('nameEn', '行业（英文）', 'Industry (English)', 'text'),
  ],
};

const LEVEL_LABEL: Record<Grouping['level'], Label> = {
  province: { zh: '省级', en: 'province' },
  prefecture: { zh: '地市级', en: 'prefecture' },
  county: { zh: '县级', en: 'county' },
};

function groupCells(g: Grouping, r: NamedRow): Record<string, StatValue> {
  return g.by === 'industry' ? { code: r.key, name: r.name_zh ?? r.key, nameEn: r.name_en ?? r.key } : { code: r.key, name: r.name_zh ?? r.key };
}

/** Sums of the count columns; rates are filled in by the caller from the sums. */
function sums(columns: StatColumn[], rows: Array<Record<string, StatValue>>): Record<string, StatValue> {
  const totals: Record<string, StatValue> = {};
  for (const c of columns) if (c.kind === 'count') totals[c.key] = rows.reduce((s, r) => s + Number(r[c.key] ?? 0), 0);
  return totals;
}

const firstOfYear = (d: string) => `${d.slice(0, 4)}-01-01`;

export interface Period {
  from?: string;
  to?: string;
}

/** 宏观质量统计分析 (DOMAIN.md §9): each report is one table, ready for a chart, a page and a CSV. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repo: StatisticsRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  async grades(g: Grouping, asOf = todayInChina()): Promise<StatTable> {
    const columns = [
      ...groupColumns(g),
      ...GRADE_KEYS.map((k) => col(k, k, k)),
      col('ungraded', '未评价', 'Not graded'),
      col('total', '企业数', 'Enterprises'),
      col('aaOrBetterRate', 'AA级及以上占比', 'Share AA or better', 'rate'),
    ];
    const rows = (await this.repo.gradeDistribution(g, asOf)).map((r) => ({
      ...groupCells(g, r),
      ...Object.fromEntries(GRADE_KEYS.map((k) => [k, r[k]])),
      ungraded: r.ungraded,
      total: r.total,
      aaOrBetterRate: rate(r.AAA + r.AA, r.total - r.ungraded),
    }));
    const totals = sums(columns, rows);
    totals.aaOrBetterRate = rate(Number(totals.AAA) + Number(totals.AA), Number(totals.total) - Number(totals.ungraded));
    return {
      report: 'grades',
      title: { zh: `质量信用等级分布（按${g.by === 'region' ? '地区' : '行业'}）`, en: `Grade distribution by ${g.by}` },
      params: this.params(g, { asOf }),
      columns,
      rows,
      totals,
      notes: [
        {
          zh: `存续企业在 ${asOf} 的有效等级；${g.by === 'region' ? `地区按${LEVEL_LABEL[g.level].zh}行政区划汇总。` : `行业按国民经济行业分类${INDUSTRY_LEVEL_LABEL[g.industryLevel ?? 'section'].zh}汇总。`}`,
          en: `Active (存续) enterprises by their grade in force on ${asOf}.`,
        },
        { zh: 'AA级及以上占比的分母为已评价企业。', en: 'The AA-or-better share is of graded enterprises.' },
      ],
    };
  }

  async listings(g: Grouping, p: Period): Promise<StatTable> {
    const { from, to } = this.period(p);
    const columns = [
      ...groupColumns(g),
      col('enterprises', '存续企业数', 'Active enterprises'),
      col('listedEnterprises', '在列企业数', 'Enterprises listed'),
      col('activeListings', '在列名单条目', 'Listings in force'),
      col('decided', '期间决定列入', 'Decided in period'),
      col('ended', '期间移出', 'Removed in period'),
      col('listedRate', '在列企业占比', 'Share listed', 'rate'),
    ];
    const rows = (await this.repo.listings(g, to, from, to)).map((r) => ({
      ...groupCells(g, r),
      enterprises: r.enterprises,
      listedEnterprises: r.listedEnterprises,
      activeListings: r.activeListings,
      decided: r.decided,
      ended: r.ended,
      listedRate: rate(r.listedEnterprises, r.enterprises),
    }));
    const totals = sums(columns, rows);
    totals.listedRate = rate(Number(totals.listedEnterprises), Number(totals.enterprises));
    return {
      report: 'listings',
      title: { zh: `严重失信名单统计（按${g.by === 'region' ? '地区' : '行业'}）`, en: `Blacklist by ${g.by}` },
      params: this.params(g, { from, to }),
      columns,
      rows,
      totals,
      notes: [
        {
          zh: `“在列”指 ${to} 当日有效（已决定、未期满、未移出、未撤销）。期间：${from} 至 ${to}。`,
          en: `"In force" means decided and not expired, removed or revoked on ${to}. Period ${from} to ${to}.`,
        },
      ],
    };
  }

  async sampling(g: Grouping | null, p: Period): Promise<StatTable> {
    const { from, to } = this.period(p);
    const columns = [
      ...(g ? groupColumns(g) : [col('name', '范围', 'Scope', 'text')]),
      col('passed', '抽查合格', 'Passed'),
      col('failed', '抽查不合格', 'Failed'),
      col('total', '抽查批次', 'Samples'),
      col('passRate', '合格率', 'Pass rate', 'rate'),
    ];
    const rows = (await this.repo.sampling(g, from, to)).map((r) => ({
      ...(g ? groupCells(g, r) : { name: r.name_zh }),
      passed: r.passed,
      failed: r.failed,
      total: r.passed + r.failed,
      passRate: rate(r.passed, r.passed + r.failed),
    }));
    const totals = g ? sums(columns, rows) : null;
    if (totals) totals.passRate = rate(Number(totals.passed), Number(totals.total));
    return {
      report: 'sampling',
      title: { zh: '监督抽查合格率', en: 'Supervision sampling pass rate' },
      params: g ? this.params(g, { from, to }) : { from, to },
      columns,
      rows,
      totals,
      notes: [
        {
          zh: `按信用信息中“监督抽查合格/不合格”记录的发生日期统计（${from} 至 ${to}），已撤销的记录不计。`,
          en: `Counts credit records of the categories sampling_passed / sampling_failed occurring ${from} to ${to}; revoked records never count.`,
        },
      ],
    };
  }

  async checksByAgency(p: Period): Promise<StatTable> {
    const { from, to } = this.period(p);
    await this.flushCheckLog();
    const columns = [
      col('agency', '部门代码', 'Agency code', 'text'),
      col('name', '部门', 'Agency', 'text'),
      col('department', '所属机关', 'Department', 'text'),
      col('checks', '核查次数', 'Checks'),
      col('restricted', '受限', 'Restricted'),
      col('priority', '优先', 'Priority'),
      col('clear', '无限制', 'Clear'),
      col('notRegistered', '未登记', 'Not registered'),
      col('feedback', '反馈次数', 'Feedback'),
      col('applied', '已采取措施', 'Measure applied'),
      col('hitRate', '命中率', 'Hit rate', 'rate'),
      col('feedbackRate', '反馈率', 'Feedback rate', 'rate'),
    ];
    const rows = (await this.repo.checksByAgency(from, to)).map((r) => ({
      agency: r.code ?? 'staff',
      name: r.agency_id ? (r.name ?? r.agency_id) : '监管部门工作人员 / Regulator staff',
      department: r.department,
      checks: r.checks,
      restricted: r.restricted,
      priority: r.priority,
      clear: r.clear,
      notRegistered: r.notRegistered,
      feedback: r.feedback,
      applied: r.applied,
      hitRate: rate(r.restricted + r.priority, r.checks),
      feedbackRate: rate(r.feedback, r.checks),
    }));
    const totals = sums(columns, rows);
    totals.hitRate = rate(Number(totals.restricted) + Number(totals.priority), Number(totals.checks));
    totals.feedbackRate = rate(Number(totals.feedback), Number(totals.checks));
    return {
      report: 'checks',
      title: { zh: '各部门核查与反馈情况', en: 'Checks and feedback by agency' },
      params: { from, to },
      columns,
      rows,
      totals,
      notes: [
        {
          zh: `核查日期 ${from} 至 ${to}（北京时间）。命中率 =（受限 + 优先）/ 核查次数；反馈率 = 已反馈回执 / 核查次数。`,
          en: `Checks made ${from} to ${to} (China time). Hit rate = (restricted + priority) / checks; feedback rate = receipts with feedback / checks.`,
        },
        {
          zh: '“应查必查”的核查率需要各部门的办件总数，登记平台不掌握该数据。',
          en: 'A true "check before acting" rate needs each agency\'s number of grants, which the registry does not hold.',
        },
      ],
    };
  }

  async trends(p: { from?: string; to?: string }): Promise<StatTable> {
    const today = todayInChina();
    const toMonth = `${p.to ?? today.slice(0, 7)}-01`;
    const fromMonth = p.from ? `${p.from}-01` : addMonths(toMonth, -11);
    await this.flushCheckLog();
    const columns = [
      col('month', '月份', 'Month', 'text'),
      col('negativeRecords', '失信信息', 'Negative records'),
      col('positiveRecords', '守信信息', 'Positive records'),
      col('samplingPassed', '抽查合格', 'Sampling passed'),
      col('samplingFailed', '抽查不合格', 'Sampling failed'),
      col('passRate', '抽查合格率', 'Pass rate', 'rate'),
      col('listingsDecided', '决定列入', 'Listings decided'),
      col('listingsEnded', '移出名单', 'Listings ended'),
      col('checks', '核查次数', 'Checks'),
      col('feedback', '反馈次数', 'Feedback'),
      col('gradedAaOrBetter', '月末AA级及以上企业', 'AA or better at month end'),
      col('gradedCOrWorse', '月末C级及以下企业', 'C or worse at month end'),
    ];
    const rows = (await this.repo.monthly(fromMonth, toMonth)).map((r) => ({
      ...r,
      passRate: rate(r.samplingPassed, r.samplingPassed + r.samplingFailed),
    }));
    return {
      report: 'trends',
      title: { zh: '月度趋势', en: 'Monthly trends' },
      params: { from: fromMonth.slice(0, 7), to: toMonth.slice(0, 7) },
      columns,
      rows,
      totals: null,
      notes: [
        {
          zh: '信用信息按发生日期、名单按决定/移出日期、核查与反馈按发生日期（北京时间）归月；等级为每月最后一日的有效等级（存续企业）。',
          en: 'Credit records by occurred date, listings by decision / removal date, checks and feedback by date (China time); grades are those in force on the last day of each month (active enterprises).',
        },
      ],
    };
  }

  private params(g: Grouping, rest: Record<string, string>): Record<string, string> {
    return g.by === 'region' ? { by: g.by, level: g.level, ...rest } : { by: g.by, industryLevel: g.industryLevel ?? 'section', ...rest };
  }

  private period(p: Period): { from: string; to: string } {
    const to = p.to ?? todayInChina();
    return { from: p.from ?? firstOfYear(to), to };
  }

  /**
   * The check log is written in ~100 ms batches (joint-measures' CheckLogWriter); flushing first
   * makes the numbers include every check answered so far. Looked up without `strict` because the
   * joint-measures module does not export the writer as a provider; without it the numbers may
   * lag by one flush interval.
   */
  private async flushCheckLog(): Promise<void> {
    try {
      await this.moduleRef.get(CheckLogWriter, { strict: false }).flush();
    } catch {
      // not registered (e.g. a reduced test module): numbers lag by at most one flush interval
    }
  }
}
