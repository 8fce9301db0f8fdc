import type { ProblemSpec } from '#qcr/platform';

export const StatisticsProblems = {
  badPeriod: {
    status: 400,
    code: 'STATISTICS.BAD_PERIOD',
    title: { zh: '统计期间无效', en: 'Invalid statistics period' },
  },
  authorityUnknown: { status: 422, code: 'STATISTICS.AUTHORITY_UNKNOWN', title: { zh: '监管机关不存在', en: 'Unknown authority' } },
} satisfies Record<string, ProblemSpec>;

/** A trend longer than this is a query nobody reads as a chart; export several years instead. */
export const MAX_TREND_MONTHS = 120;
