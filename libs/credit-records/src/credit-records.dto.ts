import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsIsoDate } from '#qcr/platform';

export class CreateCreditRecordDto {
  @ApiProperty({ example: 'sampling_failed', description: 'category code from GET /api/v1/credit-categories' })
  @IsString()
  @MaxLength(64)
  categoryCode!: string;
  @ApiProperty({ example: '2025-03-15' }) @IsIsoDate() occurredOn!: string;
  @ApiPropertyOptional({ example: '2026-03-15', description: 'publication end (公示截止日); default from the category' })
  @IsOptional()
  @IsIsoDate()
  publishUntil?: string;
  @ApiProperty({ example: '厦市监罚〔2025〕12号', description: '文书号' }) @IsString() @MinLength(1) @MaxLength(200) documentNumber!: string;
  @ApiProperty({ example: '厦门市市场监督管理局' }) @IsString() @MinLength(1) @MaxLength(200) issuingDepartment!: string;
  @ApiProperty({ example: '《中华人民共和国产品质量法》第四十九条' }) @IsString() @MinLength(1) @MaxLength(500) legalBasis!: string;
  @ApiPropertyOptional({ example: '2025年第一季度监督抽查，电线电缆导体电阻不合格' }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ description: 'food, drugs or special equipment: repair only after one year', default: false })
  @IsOptional()
  @IsBoolean()
  strictRepair?: boolean;
}

export class ListCreditRecordsQuery {
  @ApiPropertyOptional({ enum: ['active', 'disputed', 'repaired', 'revoked'] })
  @IsOptional()
  @IsIn(['active', 'disputed', 'repaired', 'revoked'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class CreditReasonDto {
  @ApiProperty({ example: '企业已完成整改并提交信用修复申请，经审核符合条件' }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class RaiseObjectionDto extends CreditReasonDto {
  @ApiPropertyOptional({ example: '2025-07-01', description: 'resolution deadline; default today + 15 days' })
  @IsOptional()
  @IsIsoDate()
  deadline?: string;
}

export class CorrectionsDto {
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() occurredOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() publishUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) documentNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(500) legalBasis?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

export class ResolveObjectionDto extends CreditReasonDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) @IsIn(['upheld', 'rejected']) decision!: 'upheld' | 'rejected';
  @ApiPropertyOptional({ enum: ['corrected', 'revoked'], description: 'required when upheld' })
  @IsOptional()
  @IsIn(['corrected', 'revoked'])
  outcome?: 'corrected' | 'revoked';
  @ApiPropertyOptional({ type: CorrectionsDto, description: 'fields to correct when the outcome is corrected' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CorrectionsDto)
  corrections?: CorrectionsDto;
}

export class ListObjectionsQuery {
  @ApiPropertyOptional({ description: 'only open objections past their deadline' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
}

export class CategoryDto {
  @ApiProperty({ example: 'sampling_failed' }) @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'code must be 2–64 lower-case letters, digits, _' }) code!: string;
  @ApiProperty({ enum: ['negative', 'positive'] }) @IsIn(['negative', 'positive']) polarity!: 'negative' | 'positive';
  @ApiProperty({ enum: ['minor', 'general', 'serious', 'positive'] }) @IsIn(['minor', 'general', 'serious', 'positive']) severity!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) nameZh!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) nameEn!: string;
  @ApiProperty({ minimum: 1, maximum: 120 }) @IsInt() @Min(1) @Max(120) publicationMonths!: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) repairMinMonths?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) repairMinMonthsStrict?: number | null;
  @ApiPropertyOptional({ description: 'a record of this category can ground a blacklist listing (negative categories only)', default: false })
  @IsOptional()
  @IsBoolean()
  groundsListing?: boolean;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameEn?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 120 }) @IsOptional() @IsInt() @Min(1) @Max(120) publicationMonths?: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) repairMinMonths?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) repairMinMonthsStrict?: number | null;
  @ApiPropertyOptional({ description: 'a record of this category can ground a blacklist listing (negative categories only)' })
  @IsOptional()
  @IsBoolean()
  groundsListing?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ description: 'current version, for optimistic locking' }) @IsInt() @Min(1) @Max(2_147_483_647) version!: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}
