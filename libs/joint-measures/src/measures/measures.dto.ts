import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { CHECK_PURPOSES, GRADES, MEASURE_KINDS, TRIGGERS } from './measure.types.js';

export class MeasureTextDto {
  @ApiProperty({ example: '列入质量失信黑名单期间，不得参加政府采购活动。' }) @IsString() @MinLength(1) @MaxLength(2000) zh!: string;
  @ApiProperty({ example: 'Excluded from government procurement while listed.' }) @IsString() @MinLength(1) @MaxLength(2000) en!: string;
}

export class MeasureBodyDto {
  @ApiProperty({ example: '财政部 / Ministry of Finance' }) @IsString() @MinLength(1) @MaxLength(200) department!: string;
  @ApiProperty({ enum: CHECK_PURPOSES }) @IsIn(CHECK_PURPOSES) purpose!: (typeof CHECK_PURPOSES)[number];
  @ApiProperty({ enum: TRIGGERS }) @IsIn(TRIGGERS) trigger!: (typeof TRIGGERS)[number];
  @ApiPropertyOptional({ enum: GRADES, nullable: true, description: 'required for grade_at_most / grade_at_least, absent for listed' })
  @ValidateIf((o: MeasureBodyDto) => o.trigger !== 'listed' || (o.triggerGrade !== undefined && o.triggerGrade !== null))
  @IsIn(GRADES)
  triggerGrade?: (typeof GRADES)[number] | null;
  @ApiProperty({ enum: MEASURE_KINDS }) @IsIn(MEASURE_KINDS) kind!: (typeof MEASURE_KINDS)[number];
  @ApiProperty({ example: '《中华人民共和国政府采购法》第二十二条' }) @IsString() @MinLength(1) @MaxLength(2000) legalBasis!: string;
  @ApiProperty({ type: MeasureTextDto }) @ValidateNested() @Type(() => MeasureTextDto) text!: MeasureTextDto;
}

export class CreateMeasureDto extends MeasureBodyDto {
  @ApiProperty({ example: 'GP-R-LISTED', description: 'upper-case letters, digits, - and _; never changes' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_-]{2,63}$/, { message: 'code must be 3–64 upper-case letters, digits, - or _' })
  code!: string;
}

export class UpdateMeasureDto extends MeasureBodyDto {
  @ApiProperty({ description: 'the version you read; a stale version → 412 MEASURES.STALE' }) @IsInt() @Min(1) @Max(2_147_483_647) version!: number;
  @ApiPropertyOptional({ description: 'false retires the measure; true brings it back' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ example: '备忘录修订' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export class RetireMeasureDto {
  @ApiProperty({ description: 'the version you read' }) @IsInt() @Min(1) @Max(2_147_483_647) version!: number;
  @ApiProperty({ example: '备忘录废止该条款' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export class ListMeasuresQueryDto {
  @ApiPropertyOptional({ enum: CHECK_PURPOSES }) @IsOptional() @IsIn(CHECK_PURPOSES) purpose?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'include retired measures' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRetired?: 'true' | 'false';
}
