import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsPlainName } from '#qcr/platform';

/**
 * 名单类型设置 (issue 16): what an administrator may change — names, legal basis, term, statement period, repair
 * minimum, active. Effective for listings proposed afterwards (each listing keeps the settings it was proposed under).
 */
export class UpdateListTypeDto {
  @ApiPropertyOptional({ example: '质量严重违法失信名单' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() nameZh?: string;
  @ApiPropertyOptional({ example: 'Serious quality dishonesty list' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() nameEn?: string;
  @ApiPropertyOptional({ example: '《市场监督管理严重违法失信名单管理办法》' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) legalBasis?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'term in years: planned end = start + term (DOMAIN.md §7: 3)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  durationYears?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 90, description: 'statement and hearing period in days after the notice (default 10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  statementDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'years listed before credit repair may be applied for (≤ term; default 1)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  repairMinYears?: number;
  @ApiPropertyOptional({ description: 'false: no new proposals on this list' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ description: 'the version read, for optimistic locking (412 when stale)' }) @IsInt() @Min(1) @Max(2_147_483_647) version!: number;
  @ApiProperty({ description: 'why (audited)' }) @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
}
