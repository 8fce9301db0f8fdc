import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PERSON_ROLES, PersonDocumentDto } from '#qcr/enterprises';
import { IsIsoDate, IsPlainName } from '#qcr/platform';
import { LISTING_STATUSES, type ListingStatus } from './listing-rules.js';
import { type ListingQueue, QUEUES } from './listing-rows.js';

/** A legal calendar date, YYYY-MM-DD (Asia/Shanghai), and nothing else. */
const IsLegalDate = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(key)} must be a date YYYY-MM-DD` })(target, key);
  IsIsoDate()(target, key);
};
const Text =
  (max: number): PropertyDecorator =>
  (target, key) => {
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(max)(target, key);
  };

export class ProposeListingDto {
  @ApiProperty({ description: 'USCC, organisation code or enterprise id', example: '91350200776049653A' })
  @Text(64)
  enterprise!: string;
  @ApiProperty({ example: 'quality_serious_dishonesty' }) @Text(64) listType!: string;
  @ApiProperty({ example: '生产销售不合格产品，货值金额较大，受到较重行政处罚' }) @Text(2000) reason!: string;
  @ApiProperty({ example: '《市场监督管理严重违法失信名单管理办法》第十条' }) @Text(1000) legalBasis!: string;
  @ApiProperty({ description: 'Document number of the heavier administrative penalty (较重行政处罚决定书文号)', example: '厦市监罚〔2024〕12号' })
  @Text(200)
  penaltyDocumentNumber!: string;
  @ApiProperty({ format: 'date', description: 'Date of the penalty decision' }) @IsLegalDate() penaltyDecidedOn!: string;
  @ApiProperty({ example: '厦门市市场监督管理局' }) @Text(200) penaltyAuthority!: string;
}

export class NotifyListingDto {
  @ApiPropertyOptional({ format: 'date', description: 'Date the notice was served; default today (China)' })
  @IsOptional()
  @IsLegalDate()
  noticeDate?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 90, description: 'Statement/hearing period in days; default from the list type (10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  statementDays?: number;
}

export const STATEMENT_KINDS = ['statement', 'hearing_request', 'waiver'] as const;

export class RecordStatementDto {
  @ApiProperty({ enum: STATEMENT_KINDS, description: 'statement (陈述申辩), hearing_request (听证申请), waiver (放弃陈述申辩)' })
  @IsIn(STATEMENT_KINDS)
  kind!: (typeof STATEMENT_KINDS)[number];
  @ApiPropertyOptional({ format: 'date', description: 'default today' }) @IsOptional() @IsLegalDate() receivedOn?: string;
  @ApiProperty({ example: '企业提交书面陈述，称已完成整改' }) @Text(4000) summary!: string;
}

/** A person the decision names besides the legal representative (issue 18): the restriction follows them too. */
export class ResponsiblePersonDto extends PersonDocumentDto {
  @ApiProperty({ enum: PERSON_ROLES.filter((r) => r !== 'legal_representative'), description: '董事 / 监事 / 高管 / 主要负责人' })
  @IsIn(PERSON_ROLES.filter((r) => r !== 'legal_representative'))
  role!: string;
  @ApiProperty({ example: '李四' }) @Text(100) @IsPlainName() name!: string;
}

export class DecideListingDto {
  @ApiProperty({ example: '厦市监列〔2024〕3号' }) @Text(200) decisionNumber!: string;
  /**
   * The deciding authority is the acting user's (issue 24: no free text). Optional; when sent it must name that
   * authority (its name or code), else 400 naming this field — so an old client that sends another name learns why.
   */
  @ApiPropertyOptional({
    example: '厦门市市场监督管理局',
    description: "must equal the acting user's authority (name or code); taken from the user when omitted",
  })
  @IsOptional()
  @Text(200)
  decidingAuthority?: string;
  @ApiPropertyOptional({ format: 'date', description: 'default today; not in the past' }) @IsOptional() @IsLegalDate() startDate?: string;
  @ApiPropertyOptional({
    type: [ResponsiblePersonDto],
    description: 'persons the decision names besides the legal representative, who is recorded from the enterprise record at decision time',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ResponsiblePersonDto)
  responsiblePersons?: ResponsiblePersonDto[];
}

export class ListingReasonDto {
  @ApiProperty({ example: '证据不足，不予列入' }) @Text(2000) reason!: string;
}

export class ApplyRepairDto {
  @ApiProperty({ description: '行政处罚已履行' }) @IsBoolean() penaltiesFulfilled!: boolean;
  @ApiProperty({ description: '社会危害已消除' }) @IsBoolean() harmRemedied!: boolean;
  @ApiProperty({ description: '信用承诺书已提交' }) @IsBoolean() pledgeFiled!: boolean;
  @ApiPropertyOptional({ example: '承诺书编号 2025-018' }) @IsOptional() @Text(200) pledgeReference?: string;
  @ApiProperty({ example: '企业申请提前移出，已缴清罚款并完成整改' }) @Text(4000) statement!: string;
}

export class DecideRepairDto {
  @ApiProperty({ description: 'true: remove the listing early; false: refuse (refusalReason required)' }) @IsBoolean() approve!: boolean;
  @ApiPropertyOptional() @IsOptional() @Text(2000) refusalReason?: string;
}

export class ListingQueryDto {
  @ApiPropertyOptional({ enum: LISTING_STATUSES, description: 'status as of today (a listing past its end reads as expired)' })
  @IsOptional()
  @IsIn(LISTING_STATUSES)
  status?: ListingStatus;
  @ApiPropertyOptional({ description: 'USCC, organisation code or enterprise id' }) @IsOptional() @Text(64) enterprise?: string;
  @ApiPropertyOptional() @IsOptional() @Text(64) listType?: string;
  @ApiPropertyOptional({ enum: QUEUES, description: 'work queue' }) @IsOptional() @IsIn(QUEUES) queue?: ListingQueue;
  @ApiPropertyOptional({
    example: '3502',
    description: "GB/T 2260 prefix (2, 4 or 6 digits) of the enterprise's region; the console sends the user's (issue 24)",
  })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'regionPrefix must be 2, 4 or 6 digits' })
  regionPrefix?: string;
  @ApiPropertyOptional() @IsOptional() @Text(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class PublicListingQueryDto {
  @ApiPropertyOptional({ description: 'USCC or organisation code' }) @IsOptional() @Text(64) enterprise?: string;
  @ApiPropertyOptional() @IsOptional() @Text(64) listType?: string;
  @ApiPropertyOptional({
    example: '350200',
    description: 'GB/T 2260 division (province 350000, prefecture 350200 or county), read from the USCC; organisation-code-only enterprises have none',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region must be a 6-digit GB/T 2260 code' })
  region?: string;
  @ApiPropertyOptional({ format: 'date', description: 'listed (start date) on or after' }) @IsOptional() @IsIsoDate() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'listed (start date) on or before' }) @IsOptional() @IsIsoDate() to?: string;
  @ApiPropertyOptional() @IsOptional() @Text(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
