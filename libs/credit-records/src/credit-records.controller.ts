import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreditRevocations } from './credit-revocations.service.js';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import {
  CreateCreditRecordDto,
  ListCreditRecordsQuery,
  ListObjectionsQuery,
  RaiseObjectionDto,
  CreditReasonDto,
  ResolveObjectionDto,
} from './credit-records.dto.js';
import { CreditRecordsService } from './credit-records.service.js';
import { CreditJurisdiction } from './credit-jurisdiction.js';

const outside = { status: 403, description: 'ACCESS.OUTSIDE_JURISDICTION: the enterprise lies outside the acting authority’s region' };

@ApiTags('credit records')
@Controller('api/v1')
export class CreditRecordsController {
  constructor(
    private readonly records: CreditRecordsService,
    private readonly revocations: CreditRevocations,
    private readonly jurisdiction: CreditJurisdiction,
  ) {}

  @Post('enterprises/:code/credit-records')
  @Allow(Permission.CreditWrite)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Record quality credit information (质量信用信息) for an enterprise; regrades it before returning' })
  async create(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateCreditRecordDto) {
    await this.jurisdiction.forEnterpriseCode(actor, code, 'recording credit information');
    return this.records.create(actor, code, dto);
  }

  @Get('enterprises/:code/credit-records')
  @Allow(Permission.CreditRead)
  @ApiOperation({ summary: "An enterprise's credit records, newest first (cursor pagination)" })
  list(@Param('code') code: string, @Query() query: ListCreditRecordsQuery) {
    return this.records.list(code, query);
  }

  @Get('credit-records/:id')
  @Allow(Permission.CreditRead)
  @ApiOperation({ summary: 'One credit record' })
  get(@Param('id', uuidParam('id')) id: string) {
    return this.records.get(id);
  }

  @Post('credit-records/:id/repair')
  @HttpCode(200)
  @Allow(Permission.CreditReview)
  @ApiResponse(outside)
  @ApiOperation({ summary: '信用修复: stop publishing and counting a negative record (after its minimum period)' })
  async repair(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: CreditReasonDto) {
    await this.jurisdiction.forRecord(actor, id, 'repairing a credit record');
    return this.records.repair(actor, id, dto.reason);
  }

  @Post('credit-records/:id/revoke')
  @HttpCode(202)
  @Allow(Permission.CreditReview)
  @ApiResponse(outside)
  @ApiOperation({ summary: '拟撤销: propose revoking a wrong record; a second reviewer approves, it counts until then' })
  @ApiResponse({ status: 409, description: 'CREDIT.REVOCATION_PENDING or CREDIT.INVALID_TRANSITION' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: CreditReasonDto) {
    await this.jurisdiction.forRecord(actor, id, 'proposing to revoke a credit record');
    return this.revocations.propose(actor, id, dto.reason);
  }

  @Post('credit-records/:id/revoke/approve')
  @HttpCode(200)
  @Allow(Permission.CreditReview)
  @ApiResponse(outside)
  @ApiOperation({ summary: '批准撤销: approve the proposed revocation as a second reviewer; the record never counts again' })
  @ApiResponse({ status: 403, description: 'CREDIT.REVOCATION_FOUR_EYES (the proposer) or ACCESS.FRESH_ACCOUNT (an account the proposer just made)' })
  @ApiResponse({ status: 409, description: 'CREDIT.NO_REVOCATION_PROPOSED or CREDIT.INVALID_TRANSITION' })
  async approveRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    await this.jurisdiction.forRecord(actor, id, 'revoking a credit record');
    return this.revocations.approve(actor, id);
  }

  @Post('credit-records/:id/revoke/reject')
  @HttpCode(200)
  @Allow(Permission.CreditReview)
  @ApiResponse(outside)
  @ApiOperation({ summary: '不予撤销: turn down (or withdraw) the proposed revocation, with reason; the record is unchanged' })
  @ApiResponse({ status: 409, description: 'CREDIT.NO_REVOCATION_PROPOSED' })
  async rejectRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: CreditReasonDto) {
    await this.jurisdiction.forRecord(actor, id, 'turning down a credit record revocation');
    return this.revocations.reject(actor, id, dto.reason);
  }

  @Post('credit-records/:id/objections')
  @Allow(Permission.CreditWrite)
  @ApiResponse(outside)
  @ApiOperation({ summary: '异议: object to a record on behalf of the enterprise; marks it disputed at once' })
  async raise(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: RaiseObjectionDto) {
    await this.jurisdiction.forRecord(actor, id, 'raising an objection');
    return this.records.raiseObjection(actor, id, dto.reason, dto.deadline);
  }

  @Get('credit-records/:id/objections')
  @Allow(Permission.CreditRead)
  @ApiOperation({ summary: 'Objections on a record, open and resolved' })
  objectionsOf(@Param('id', uuidParam('id')) id: string) {
    return this.records.objections(id);
  }

  @Get('credit-objections')
  @Allow(Permission.CreditReview)
  @ApiOperation({ summary: 'Open objections by deadline; ?overdue=true lists those past their deadline' })
  open(@Query() query: ListObjectionsQuery) {
    return this.records.openObjections(query.overdue === 'true');
  }

  @Post('credit-objections/:id/resolve')
  @HttpCode(200)
  @Allow(Permission.CreditReview)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Resolve an objection: upheld (corrected | revoked) or rejected (back to active)' })
  async resolve(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ResolveObjectionDto) {
    await this.jurisdiction.forObjection(actor, id, 'resolving an objection');
    return this.records.resolveObjection(actor, id, dto);
  }
}
