import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, ReturnsHeaders } from '#qcr/platform';
import type { EnterpriseRow } from './enterprise.types.js';
import { etagOf } from './enterprise-views.js';
import { EnterpriseRegistrar, enterpriseLocation } from './enterprise-registrar.service.js';
import { AsOfQueryDto, ChangeStatusDto, CorrectEnterpriseDto, RegisterEnterpriseDto, RenameEnterpriseDto, SearchEnterprisesDto } from './enterprises.dto.js';
import { EnterprisesService } from './enterprises.service.js';

interface Reply {
  header(name: string, value: string): Reply;
  status(code: number): Reply;
}

const ifMatchHeader = { name: 'If-Match', required: true, description: 'The ETag from the last read; a stale one gets 412' };

@ApiTags('enterprises')
@Controller('api/v1/enterprises')
export class EnterprisesController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly registrar: EnterpriseRegistrar,
  ) {}

  @Post()
  @Allow(Permission.EnterpriseWrite)
  @ReturnsHeaders('ETag', 'Location')
  @ApiOperation({ summary: 'Register an enterprise, or attach a USCC to its org-code record (登记企业)' })
  @ApiResponse({ status: 201, description: 'Registered' })
  @ApiResponse({ status: 200, description: 'USCC attached to the record holding its organisation code' })
  @ApiResponse({ status: 400, description: 'ENTERPRISE.INVALID_CODE with errors[{field:"code", rule}]' })
  @ApiResponse({ status: 409, description: 'ENTERPRISE.ALREADY_REGISTERED; Location names the existing record' })
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterEnterpriseDto, @Res({ passthrough: true }) reply: Reply) {
    const { row, attached } = await this.registrar.register(actor, dto);
    reply.status(attached ? 200 : 201);
    return this.respond(actor, row, reply, { attached });
  }

  @Get()
  @Allow(Permission.EnterpriseRead)
  @ApiOperation({ summary: 'Search by name (Chinese fragments, small typos), region, industry, status; cursor pagination' })
  search(@CurrentActor() actor: Actor, @Query() query: SearchEnterprisesDto) {
    return this.enterprises.search(actor, query);
  }

  @Get(':code')
  @Allow(Permission.EnterpriseRead)
  @ReturnsHeaders('ETag', 'Location')
  @ApiOperation({ summary: 'One enterprise by USCC or organisation code, now or ?asOf=YYYY-MM-DD' })
  async get(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: AsOfQueryDto, @Res({ passthrough: true }) reply: Reply) {
    const row = await this.enterprises.findRow(code, query.asOf);
    await this.enterprises.auditPersonalReads(actor, [row], query.asOf);
    if (query.asOf) return this.enterprises.toView(actor, row);
    return this.respond(actor, row, reply);
  }

  @Get(':code/history')
  @Allow(Permission.EnterpriseRead)
  @ApiOperation({ summary: 'Every version of the record, oldest first (变更历史)' })
  history(@Param('code') code: string) {
    return this.enterprises.history(code);
  }

  @Patch(':code')
  @Allow(Permission.EnterpriseWrite)
  @ApiHeader(ifMatchHeader)
  @ReturnsHeaders('ETag', 'Location')
  @ApiOperation({ summary: 'Correct a record (更正); needs If-Match' })
  async correct(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: CorrectEnterpriseDto,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    return this.respond(actor, await this.registrar.correct(actor, code, ifMatch, dto), reply);
  }

  @Post(':code/rename')
  @HttpCode(200)
  @Allow(Permission.EnterpriseWrite)
  @ApiHeader(ifMatchHeader)
  @ReturnsHeaders('ETag', 'Location')
  @ApiOperation({ summary: 'Rename (更名); the former name is kept with its dates' })
  async rename(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RenameEnterpriseDto,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    return this.respond(actor, await this.registrar.rename(actor, code, ifMatch, dto), reply);
  }

  @Post(':code/status')
  @HttpCode(200)
  @Allow(Permission.EnterpriseWrite)
  @ApiHeader(ifMatchHeader)
  @ReturnsHeaders('ETag', 'Location')
  @ApiOperation({ summary: 'Change registration status: active 存续 / deregistered 注销 / revoked 吊销' })
  async changeStatus(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ChangeStatusDto,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    return this.respond(actor, await this.registrar.changeStatus(actor, code, ifMatch, dto), reply);
  }

  // `extra` is typed so the response schema generated from this method names it (issue 19).
  private async respond(actor: Actor, row: EnterpriseRow, reply: Reply, extra: { attached?: boolean } = {}) {
    reply.header('ETag', etagOf(row.version));
    reply.header('Location', enterpriseLocation(row));
    return { ...(await this.enterprises.toView(actor, row)), ...extra };
  }
}
