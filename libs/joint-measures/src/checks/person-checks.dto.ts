import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { PersonDocumentDto } from '#qcr/enterprises';
import { IsIsoDate } from '#qcr/platform';

/** Purposes a restriction on a person answers (DOMAIN.md §7–8: 任职, and the licences an applicant's officers bar). */
export const PERSON_CHECK_PURPOSES = ['office_holding', 'licensing'] as const;
export const MAX_PERSON_BATCH = 1_000;

/** The number travels in the body only: never in a URL or query string (logged by proxies), never logged here. */
export class PersonCheckDto extends PersonDocumentDto {
  @ApiProperty({ enum: PERSON_CHECK_PURPOSES, description: 'office_holding (任职: may this person be appointed?) or licensing' })
  @IsIn(PERSON_CHECK_PURPOSES)
  purpose!: string;

  @ApiPropertyOptional({ format: 'date', description: 'default: today in Asia/Shanghai; a past date answers from history' })
  @IsOptional()
  @IsIsoDate()
  @MaxLength(10, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}

export class PersonBatchCheckDto {
  @ApiProperty({ enum: PERSON_CHECK_PURPOSES }) @IsIn(PERSON_CHECK_PURPOSES) purpose!: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate() @MaxLength(10, { message: 'asOf must be a date YYYY-MM-DD' }) asOf?: string;

  @ApiProperty({ type: [PersonDocumentDto], maxItems: MAX_PERSON_BATCH, description: `1–${MAX_PERSON_BATCH} persons; results in input order` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PERSON_BATCH)
  @ValidateNested({ each: true })
  @Type(() => PersonDocumentDto)
  persons!: PersonDocumentDto[];
}
