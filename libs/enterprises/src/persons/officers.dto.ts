import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PERSON_DOCUMENT_TYPES } from '#qcr/identifiers';
import { IsIsoDate, IsPlainName } from '#qcr/platform';
import { PERSON_ROLES, type PersonRole } from './person-registry.service.js';

/** The roles recorded here; the legal representative comes from the enterprise record itself. */
const OFFICER_ROLES = PERSON_ROLES.filter((r) => r !== 'legal_representative');

const idTypeDoc = {
  enum: PERSON_DOCUMENT_TYPES,
  description:
    'resident_id 居民身份证 (GB 11643, check character validated) / passport 护照 / hk_macau_permit 港澳居民来往内地通行证 / taiwan_permit 台湾居民来往大陆通行证',
};

/** A person's identity document, as sent in a body (never in a URL or query string: personal data). */
export class PersonDocumentDto {
  @ApiProperty(idTypeDoc) @IsString() @MaxLength(40) idType!: string;
  @ApiProperty({ example: '11010519491231002X', description: 'the document number; never echoed, logged or stored in clear' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  idNumber!: string;
}

export class AddOfficerDto extends PersonDocumentDto {
  @ApiProperty({
    enum: OFFICER_ROLES,
    description: '董事 / 监事 / 高管 / 主要负责人; the legal representative (法定代表人) is set by registering or correcting the record',
  })
  @IsIn(OFFICER_ROLES)
  role!: Exclude<PersonRole, 'legal_representative'>;

  @ApiProperty({ example: '李四' }) @IsString() @MinLength(1) @MaxLength(100) @IsPlainName() name!: string;
  @ApiProperty({ format: 'date', description: 'first day in the role' }) @IsIsoDate() from!: string;
  @ApiPropertyOptional({ format: 'date', description: 'first day no longer in the role (exclusive); omitted while it lasts' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
  @ApiProperty({ description: 'why the role is recorded (audit log)' }) @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class EndOfficerRoleDto {
  @ApiProperty({ format: 'date', description: 'first day no longer in the role' }) @IsIsoDate() on!: string;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}
