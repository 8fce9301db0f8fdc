import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsIsoDate } from '#qcr/platform';
import { GRADES } from './model/grading-model.js';

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'default: today (Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}

export class StartRunDto {
  @ApiPropertyOptional({ example: '2025-06-30' }) @IsOptional() @IsIsoDate() asOf?: string;
  @ApiPropertyOptional({ minimum: 100, maximum: 50000, default: 10000, description: 'enterprises per chunk; larger chunks hold more in the API heap' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(50000)
  chunkSize?: number;
}

export class LoadModelDto {
  @ApiProperty({ description: 'the model document (format: docs/grading.md)' }) @IsObject() model!: Record<string, unknown>;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ default: true, description: 'false: store the version for review and activate it later (POST …/{version}/activate)' })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export class ActivateModelDto {
  @ApiProperty({ description: 'why (audited)' }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ProposeOverrideDto {
  @ApiProperty({ enum: GRADES }) @IsIn(GRADES) grade!: (typeof GRADES)[number];
  @ApiProperty({ example: '企业已完成重大质量整改，经现场核查' }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ReviewOverrideDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ListOverridesQuery {
  @ApiPropertyOptional({ enum: ['proposed', 'approved', 'rejected'] }) @IsOptional() @IsIn(['proposed', 'approved', 'rejected']) status?: string;
}

export class CreateInspectionPlanDto {
  @ApiProperty({ example: '2025年第三季度产品质量双随机抽查' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiPropertyOptional({ example: '3502', description: 'division code prefix (行政区划)' }) @IsOptional() @Matches(/^[0-9]{2,6}$/) regionPrefix?: string;
  @ApiPropertyOptional({ example: 'C', description: 'GB/T 4754 section (C) or a code below it (C13, C131, C1311): includes the codes under it' })
  @IsOptional()
  @Matches(/^[A-T](\d{2,4})?$/)
  industryCode?: string;
  @ApiProperty({ example: '2025-07-01' }) @IsIsoDate() periodFrom!: string;
  @ApiProperty({ example: '2025-09-30' }) @IsIsoDate() periodTo!: string;
  @ApiProperty({ example: ['李明', '王芳', '张伟'], description: 'inspector pool (执法检查人员名录)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  inspectors!: string[];
  @ApiPropertyOptional({ description: 'recorded seed; default a random one. Same seed + inputs → same plan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  seed?: string;
}
