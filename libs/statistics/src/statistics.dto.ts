import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIsoDate } from '#qcr/platform';
import { INDUSTRY_LEVELS, type IndustryLevel } from './statistics.repository.js';

const INDUSTRY_LEVEL_HELP =
  'GB/T 4754-2017 level when by=industry: section (门类 C), division (大类 C13), group (中类 C131) or class (小类 C1311); ' +
  'an enterprise registered at a coarser level is counted under its own code';

const IsDate = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(key)} must be a date YYYY-MM-DD` })(target, key);
  IsIsoDate()(target, key);
};

export class GroupQueryDto {
  @ApiPropertyOptional({ enum: ['region', 'industry'], default: 'region', description: 'group by admin division (GB/T 2260) or industry section (GB/T 4754)' })
  @IsOptional()
  @IsIn(['region', 'industry'])
  by?: 'region' | 'industry';

  @ApiPropertyOptional({ enum: ['province', 'prefecture', 'county'], default: 'province', description: 'division level when by=region' })
  @IsOptional()
  @IsIn(['province', 'prefecture', 'county'])
  level?: 'province' | 'prefecture' | 'county';

  @ApiPropertyOptional({ enum: INDUSTRY_LEVELS, default: 'section', description: INDUSTRY_LEVEL_HELP })
  @IsOptional()
  @IsIn(INDUSTRY_LEVELS)
  industryLevel?: IndustryLevel;
}

export class GradesQueryDto extends GroupQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'grades in force on this date; default today (Asia/Shanghai)' })
  @IsOptional()
  @IsDate()
  asOf?: string;
}

export class PeriodQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'first day; default 1 January of the year of `to`' })
  @IsOptional()
  @IsDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'last day (inclusive); default today (Asia/Shanghai)' })
  @IsOptional()
  @IsDate()
  to?: string;
}

export class GroupedPeriodQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: ['region', 'industry'], default: 'region' })
  @IsOptional()
  @IsIn(['region', 'industry'])
  by?: 'region' | 'industry';

  @ApiPropertyOptional({ enum: ['province', 'prefecture', 'county'], default: 'province' })
  @IsOptional()
  @IsIn(['province', 'prefecture', 'county'])
  level?: 'province' | 'prefecture' | 'county';

  @ApiPropertyOptional({ enum: INDUSTRY_LEVELS, default: 'section', description: INDUSTRY_LEVEL_HELP })
  @IsOptional()
  @IsIn(INDUSTRY_LEVELS)
  industryLevel?: IndustryLevel;
}

export class SamplingQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: ['all', 'region', 'industry'], default: 'all' })
  @IsOptional()
  @IsIn(['all', 'region', 'industry'])
  by?: 'all' | 'region' | 'industry';

  @ApiPropertyOptional({ enum: ['province', 'prefecture', 'county'], default: 'province' })
  @IsOptional()
  @IsIn(['province', 'prefecture', 'county'])
  level?: 'province' | 'prefecture' | 'county';

  @ApiPropertyOptional({ enum: INDUSTRY_LEVELS, default: 'section', description: INDUSTRY_LEVEL_HELP })
  @IsOptional()
  @IsIn(INDUSTRY_LEVELS)
  industryLevel?: IndustryLevel;
}

export class TrendsQueryDto {
  @ApiPropertyOptional({ example: '2025-01', description: 'first month YYYY-MM; default 11 months before `to`' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'from must be a month YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'last month YYYY-MM; default this month (Asia/Shanghai)' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'to must be a month YYYY-MM' })
  to?: string;
}

export class AuthorityStatsQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ example: 'fj', description: "root authority code; default: the user's own (the console's default region)" })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'authority must be an authority code' })
  authority?: string;
}
