import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Grades a public search may filter by; `none` = not graded yet (尚未评价). */
export const SEARCH_GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D', 'none'] as const;

export class PublicSearchQueryDto {
  @ApiPropertyOptional({ example: '恒达', description: 'Name or fragment (Chinese fragments and small typos match); optional when a filter is given' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'q must not be blank' })
  q?: string;

  @ApiPropertyOptional({ example: '350200', description: 'GB/T 2260 division: a province (350000), prefecture (350200) or county' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region must be a 6-digit GB/T 2260 code' })
  region?: string;

  @ApiPropertyOptional({ example: 'C', description: 'GB/T 4754 section letter, or a division, group or class under it (C13, C131)' })
  @IsOptional()
  @Matches(/^[A-T](?:\d{2,4})?$/, { message: 'industry must be a GB/T 4754 code such as C or C13' })
  industry?: string;

  @ApiPropertyOptional({ enum: SEARCH_GRADES, description: 'published grade in force today (D includes every listed enterprise); none = not graded' })
  @IsOptional()
  @IsIn(SEARCH_GRADES)
  grade?: (typeof SEARCH_GRADES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}
