import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AUTHORITY_LEVELS, type AuthorityLevel, IsPlainName } from '#qcr/platform';

const CODE = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export class UpsertAuthorityDto {
  @ApiProperty({ example: 'fj-xm' }) @IsString() @Matches(CODE, { message: 'code must be 2–64 lower-case letters, digits, _ -' }) code!: string;
  @ApiProperty({ example: '厦门市市场监督管理局' }) @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() name!: string;
  @ApiProperty({ enum: AUTHORITY_LEVELS }) @IsIn(AUTHORITY_LEVELS) level!: AuthorityLevel;
  @ApiProperty({ example: '350200', description: 'GB/T 2260 code fitting the level: 000000 national, ##0000 provincial, ####00 prefecture, ###### county' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'regionCode must be 6 digits' })
  regionCode!: string;
  @ApiPropertyOptional({ example: 'fj', description: 'code of the parent authority, one level up (none for national)' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'parent must be an authority code' })
  parent?: string;
}

export class UpdateAuthorityDto {
  @ApiProperty({ description: 'false: its users can no longer act for it' }) @IsBoolean() active!: boolean;
  @ApiProperty({ example: 'merged into the prefecture bureau' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export class UpdateAuthorityLevelDto {
  @ApiProperty({ description: '报经上一级同意: decisions of this level wait for the upper level before publication' })
  @IsBoolean()
  upperConsentRequired!: boolean;
  @ApiProperty({ example: '2025 revision of Order 44 in force' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}
