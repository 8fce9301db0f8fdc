import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { type Actor, Allow, CommonProblems, CurrentActor, fieldProblem, isIsoDate, Permission, problem, todayInChina } from '#qcr/platform';
import { RevocationCases } from './revocation-cases.service.js';
import { WorkingCalendar } from './working-calendar.service.js';

export class RevocationCaseQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only cases past their due date' }) @IsOptional() @IsIn(['true', 'false']) overdue?: string;
  @ApiPropertyOptional({ enum: ['mine', 'all'], description: "mine (default): the user's authorities; all: every authority" })
  @IsOptional()
  @IsIn(['mine', 'all'])
  scope?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}

export class CalendarYearQueryDto {
  @ApiPropertyOptional({ example: 2026, minimum: 2000, maximum: 2100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class CalendarDayDto {
  @ApiProperty({ enum: ['holiday', 'workday'], description: 'holiday: a weekday off (法定节假日); workday: a weekend day worked (调休)' })
  @IsIn(['holiday', 'workday'])
  kind!: 'holiday' | 'workday';
  @ApiProperty({ example: '国庆节' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ example: '国务院办公厅2026年部分节假日安排的通知' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export class CalendarClearDto {
  @ApiProperty({ example: 'entered by mistake' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

function dayParam(day: string): string {
  if (!isIsoDate(day)) throw problem(CommonProblems.validation, 'day must be YYYY-MM-DD', [fieldProblem('day', 'isIsoDate', 'YYYY-MM-DD')]);
  return day;
}

@ApiTags('blacklist')
@Controller('api/v1')
export class RevocationCasesController {
  constructor(
    private readonly cases: RevocationCases,
    private readonly calendar: WorkingCalendar,
  ) {}

  @Get('listings/revocation-cases')
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Revocation cases (Order 44 art. 19): listings whose heavier penalty was revoked, due in three working days; overdue flagged' })
  queue(@CurrentActor() actor: Actor, @Query() q: RevocationCaseQueryDto) {
    return this.cases.queue(actor, { overdue: q.overdue === 'true', all: q.scope === 'all', status: q.status });
  }

  @Get('working-calendar')
  @Allow(Permission.ListingRead)
  @ApiOperation({ summary: 'Holidays and worked weekend days of a year (working-day calendar, Asia/Shanghai)' })
  year(@Query() q: CalendarYearQueryDto) {
    return this.calendar.year(q.year ?? Number(todayInChina().slice(0, 4)));
  }

  @Put('admin/working-calendar/:day')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Set a day as holiday or worked weekend day (audited)' })
  set(@CurrentActor() actor: Actor, @Param('day') day: string, @Body() dto: CalendarDayDto) {
    return this.calendar.set(actor, dayParam(day), dto.kind, dto.name, dto.reason);
  }

  @Delete('admin/working-calendar/:day')
  @HttpCode(200)
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Return a day to the weekend rule (audited)' })
  async clear(@CurrentActor() actor: Actor, @Param('day') day: string, @Body() dto: CalendarClearDto) {
    return { cleared: await this.calendar.clear(actor, dayParam(day), dto.reason) };
  }
}
