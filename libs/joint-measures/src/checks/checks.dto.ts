import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsIsoDate } from '#qcr/platform';
import { CHECK_PURPOSES } from '../measures/measure.types.js';

export class CheckQueryDto {
  @ApiProperty({ enum: CHECK_PURPOSES, description: 'what the agency is about to grant or do' })
  // Checked by ChecksService.purpose: an unknown purpose is 400 CHECKS.UNKNOWN_PURPOSE (a stable
  // code partners program against), for staff and partners alike — issue 13 §9.
  @IsString()
  @MaxLength(64)
  purpose!: string;

  @ApiPropertyOptional({ format: 'date', description: 'default: today in Asia/Shanghai; a past date answers from history' })
  @IsOptional()
  @IsIsoDate()
  @MaxLength(10, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}

export class BatchCheckDto extends CheckQueryDto {
  @ApiProperty({
    type: [String],
    maxItems: 10_000,
    example: ['91350100M000100Y43', '77604965-3'],
    description: 'USCCs or organisation codes, any normalisable form; more than 10,000 → 413',
  })
  @IsArray()
  @IsString({ each: true, message: 'each code must be a string' })
  @MaxLength(64, { each: true, message: 'each code must be at most 64 characters' })
  codes!: string[];
}

export class FeedbackDto {
  @ApiProperty({ enum: ['applied', 'not_applied'] }) @IsIn(['applied', 'not_applied']) outcome!: 'applied' | 'not_applied';

  @ApiPropertyOptional({ example: 'GP-R-LISTED', description: 'required when applied: one of the measures on the receipt' })
  @ValidateIf((o: FeedbackDto) => o.outcome === 'applied' || o.measureCode !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  measureCode?: string;

  @ApiPropertyOptional({ example: '项目已于核查前签约', description: 'required when not_applied: why the measure was not applied' })
  @ValidateIf((o: FeedbackDto) => o.outcome === 'not_applied' || o.reason !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class FeedbackStatsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'checks made on or after this date (Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'checks made on or before this date (Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

/** GET /api/v1/checks/receipts and /checks/feedback (issue 16). */
export class ReceiptListQueryDto {
  @ApiPropertyOptional({ enum: ['given', 'missing'], description: 'only receipts with (given) or without (missing) feedback' })
  @IsOptional()
  @IsIn(['given', 'missing'])
  feedback?: 'given' | 'missing';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** GET /api/v1/checks/log: who asked about whom, for what purpose and when (DOMAIN.md §8). */
export class CheckLogQueryDto {
  @ApiPropertyOptional({ description: 'partner agency id; `staff` for checks made by regulators' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  agency?: string;

  @ApiPropertyOptional({ description: 'who asked: the staff user name or the agency name recorded with the check' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'about whom: USCC, organisation code (as checked) or enterprise id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  enterprise?: string;

  @ApiPropertyOptional({ enum: CHECK_PURPOSES })
  @IsOptional()
  @IsIn(CHECK_PURPOSES, { message: `purpose must be one of ${CHECK_PURPOSES.join(', ')}` })
  purpose?: string;

  @ApiPropertyOptional({ enum: ['restricted', 'priority', 'clear', 'not_registered'] })
  @IsOptional()
  @IsIn(['restricted', 'priority', 'clear', 'not_registered'])
  verdict?: string;

  @ApiPropertyOptional({ format: 'date', description: 'checked on or after this day (Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'checked on or before this day (Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class BatchReportQueryDto {
  @ApiProperty({ enum: ['xlsx', 'pdf'], description: 'xlsx: the table with Chinese (or English) headers; pdf: A4 landscape with page numbers' })
  @IsIn(['xlsx', 'pdf'])
  format!: 'xlsx' | 'pdf';

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'headers and values; default: Accept-Language (zh unless it starts with en)' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
