import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, fieldProblem, Permission, problem, ReturnsHeaders } from '#qcr/platform';
import { AuthorityStatistics } from './authority-statistics.js';
import { languageOf, statTableToCsv, wantsCsv } from './statistics-csv.js';
import { AuthorityStatsQueryDto, GradesQueryDto, GroupedPeriodQueryDto, PeriodQueryDto, SamplingQueryDto, TrendsQueryDto } from './statistics.dto.js';
import { MAX_TREND_MONTHS, StatisticsProblems } from './statistics.problems.js';
import type { Grouping } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';
import type { StatTable } from './statistics.types.js';

interface Reply {
  header(name: string, value: string): Reply;
}

const tableResponse = {
  description:
    'A report table: { report, title{zh,en}, params, columns[{key,label{zh,en},kind}], rows[], totals, notes[] }. ' +
    'With Accept: text/csv, the same table as CSV (labels in the Accept-Language).',
};
const badPeriod = { status: 400, description: 'REQUEST.VALIDATION_FAILED / STATISTICS.BAD_PERIOD (from after to)' };

const grouping = (q: { by?: string; level?: Grouping['level']; industryLevel?: Grouping['industryLevel'] }): Grouping => ({
  by: q.by === 'industry' ? 'industry' : 'region',
  level: q.level ?? 'province',
  industryLevel: q.industryLevel ?? 'section',
});

function checkPeriod(from: string | undefined, to: string | undefined): void {
  if (from && to && from > to) {
    throw problem(StatisticsProblems.badPeriod, `from ${from} is after to ${to}`, [fieldProblem('from', 'beforeTo', 'from must not be after to')]);
  }
}

/** 宏观质量统计分析 (DOMAIN.md §9): aggregate numbers for regulators; no enterprise is named. */
@ApiTags('statistics')
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly authorities: AuthorityStatistics,
  ) {}

  @Get('grades')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: 'Grade distribution of active enterprises by region or industry, on a date (等级分布)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ReturnsHeaders('Content-Disposition')
  async grades(@Query() q: GradesQueryDto, @Headers() h: Record<string, string>, @Res({ passthrough: true }) reply: Reply) {
    return this.answer(await this.statistics.grades(grouping(q), q.asOf), h, reply);
  }

  @Get('listings')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: 'Blacklist counts by region or industry: in force on `to`, decided and removed in the period (失信名单统计)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ReturnsHeaders('Content-Disposition')
  @ApiResponse(badPeriod)
  async listings(@Query() q: GroupedPeriodQueryDto, @Headers() h: Record<string, string>, @Res({ passthrough: true }) reply: Reply) {
    checkPeriod(q.from, q.to);
    return this.answer(await this.statistics.listings(grouping(q), q), h, reply);
  }

  @Get('authorities')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: "Blacklist by deciding authority, rolled up to each authority over those below it (白皮书); default root: the user's authority" })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ApiResponse(badPeriod)
  @ApiResponse({ status: 422, description: 'STATISTICS.AUTHORITY_UNKNOWN' })
  async byAuthority(
    @CurrentActor() actor: Actor,
    @Query() q: AuthorityStatsQueryDto,
    @Headers() h: Record<string, string>,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    checkPeriod(q.from, q.to);
    return this.answer(await this.authorities.byAuthority(actor, q), h, reply);
  }

  @Get('sampling')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: 'Supervision sampling pass rate, overall or by region / industry (监督抽查合格率)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ReturnsHeaders('Content-Disposition')
  @ApiResponse(badPeriod)
  async sampling(@Query() q: SamplingQueryDto, @Headers() h: Record<string, string>, @Res({ passthrough: true }) reply: Reply) {
    checkPeriod(q.from, q.to);
    const g = !q.by || q.by === 'all' ? null : grouping(q);
    return this.answer(await this.statistics.sampling(g, q), h, reply);
  }

  @Get('checks')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: 'Checks, verdicts and feedback rates by agency (核查与反馈率)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ReturnsHeaders('Content-Disposition')
  @ApiResponse(badPeriod)
  async checks(@Query() q: PeriodQueryDto, @Headers() h: Record<string, string>, @Res({ passthrough: true }) reply: Reply) {
    checkPeriod(q.from, q.to);
    return this.answer(await this.statistics.checksByAgency(q), h, reply);
  }

  @Get('trends')
  @Allow(Permission.StatisticsRead)
  @ApiOperation({ summary: 'Monthly trends: credit records, sampling, listings, checks, feedback, grades at month end (月度趋势)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(tableResponse)
  @ReturnsHeaders('Content-Disposition')
  @ApiResponse(badPeriod)
  async trends(@Query() q: TrendsQueryDto, @Headers() h: Record<string, string>, @Res({ passthrough: true }) reply: Reply) {
    checkPeriod(q.from, q.to);
    if (q.from && q.to) {
      const months = (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 + Number(q.to.slice(5)) - Number(q.from.slice(5)) + 1;
      if (months > MAX_TREND_MONTHS) throw problem(StatisticsProblems.badPeriod, `${months} months; at most ${MAX_TREND_MONTHS}`);
    }
    return this.answer(await this.statistics.trends(q), h, reply);
  }

  private answer(table: StatTable, headers: Record<string, string>, reply: Reply): StatTable | string {
    if (!wantsCsv(headers.accept)) return table;
    const stamp = Object.values(table.params)
      .filter((v) => /^\d{4}-\d{2}/.test(v))
      .join('_');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="statistics-${table.report}${stamp ? `-${stamp}` : ''}.csv"`);
    return statTableToCsv(table, languageOf(headers['accept-language']));
  }
}
