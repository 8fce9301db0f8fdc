import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PERSON_DOCUMENT_TYPES } from '#qcr/identifiers';
import { IsIsoDate, IsPlainName } from '#qcr/platform';
import { ENTERPRISE_STATUSES, type EnterpriseStatus } from './enterprise.types.js';

/** GB/T 4754-2017 at any level: section `C`, division `C13`, group `C131`, class `C1311`; the digits alone (`13`, `1311`) are accepted too. */
const INDUSTRY_CODE = /^(?:[A-T]|[A-T]?\d{2,4})$/;
const industryDoc = {
  example: 'C13',
  description: 'GB/T 4754-2017 code at any level: section C, division C13, group C131 or class C1311 (digits alone accepted)',
};

export class LegalRepresentativeDto {
  @ApiProperty({ example: '张三', description: '法定代表人 (first person responsible for quality)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsPlainName()
  name!: string;

  @ApiPropertyOptional({ example: '350203199001011234', description: 'ID number; stored encrypted, shown masked without personal-data.read' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string;

  @ApiPropertyOptional({
    enum: PERSON_DOCUMENT_TYPES,
    description:
      'the document idNumber belongs to; when sent, the number is validated (resident_id: GB 11643 length, birth date, check ' +
      'character). Omitted: a resident ID as recorded before issue 18 (not validated, for provincial exports)',
  })
  @IsOptional()
  @IsIn(PERSON_DOCUMENT_TYPES)
  idType?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class CodeExceptionDto {
  @ApiProperty({ description: 'Why this code, which fails its check character, is legally issued (DOMAIN.md §3)' })
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  reason!: string;
}

export class RegisterEnterpriseDto {
  @ApiProperty({ example: '91350200776049653A', description: 'USCC (18) or organisation code (9, hyphen optional); full-width accepted' })
  @IsString()
  @MaxLength(40)
  code!: string;

  @ApiProperty({ example: '厦门恒达食品有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainName()
  name!: string;

  @ApiPropertyOptional({ type: LegalRepresentativeDto, description: '法定代表人; optional: it may be recorded later by a correction' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative?: LegalRepresentativeDto;

  @ApiPropertyOptional({ example: '350200', description: 'GB/T 2260 division; defaults to the one in the USCC' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  regionCode?: string;

  @ApiProperty(industryDoc)
  @Matches(INDUSTRY_CODE)
  industryCode!: string;

  @ApiPropertyOptional({ enum: ENTERPRISE_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(ENTERPRISE_STATUSES)
  status?: EnterpriseStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() registeredOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Date this record takes effect (default today, China time); never in the future' })
  @IsOptional()
  @IsIsoDate()
  effectiveOn?: string;

  @ApiPropertyOptional({ type: CodeExceptionDto, description: 'Administrators only: register a legacy code that fails its check' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CodeExceptionDto)
  codeException?: CodeExceptionDto;
}

export class CorrectEnterpriseDto {
  @ApiPropertyOptional({ type: LegalRepresentativeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative?: LegalRepresentativeDto;

  @ApiPropertyOptional({ description: 'Correct a mistyped name (a real change of name is a rename)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) regionCode?: string;
  @ApiPropertyOptional(industryDoc) @IsOptional() @Matches(INDUSTRY_CODE) industryCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() registeredOn?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() effectiveOn?: string;

  @ApiProperty({ description: 'Why the record is corrected (audit log)' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason!: string;
}

export class RenameEnterpriseDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() name!: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() effectiveOn?: string;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: ENTERPRISE_STATUSES, description: 'active 存续 / deregistered 注销 / revoked 吊销' })
  @IsIn(ENTERPRISE_STATUSES)
  status!: EnterpriseStatus;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() effectiveOn?: string;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'The record as it stood on this day' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}

export class SearchEnterprisesDto {
  @ApiPropertyOptional({ description: 'Name or fragment (Chinese fragments and small typos match)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'GB/T 2260 code; a province or prefecture includes its subdivisions' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  region?: string;
  @ApiPropertyOptional({ description: 'GB/T 4754 code; a section, division or group includes the codes below it' })
  @IsOptional()
  @Matches(/^[A-T](?:\d{2,4})?$/)
  industry?: string;
  @ApiPropertyOptional({ enum: ENTERPRISE_STATUSES }) @IsOptional() @IsIn(ENTERPRISE_STATUSES) status?: EnterpriseStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
