import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ListingRevocations } from './listing-revocations.service.js';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, Public, uuidParam } from '#qcr/platform';
import {
  ApplyRepairDto,
  DecideListingDto,
  DecideRepairDto,
  ListingQueryDto,
  NotifyListingDto,
  ProposeListingDto,
  PublicListingQueryDto,
  ListingReasonDto,
  RecordStatementDto,
} from './listings.dto.js';
import { ListingsService } from './listings.service.js';
import { RemovalsService } from './removals.service.js';

const conflict = { status: 409, description: 'BLACKLIST.INVALID_STATE (already done / wrong state) or BLACKLIST.ALREADY_LISTED' };
const fourEyes = { status: 403, description: 'AUTH.FORBIDDEN or BLACKLIST.FOUR_EYES (proposer/handler deciding their own case)' };

@ApiTags('blacklist')
@Controller('api/v1/listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly removals: RemovalsService,
    private readonly revocations: ListingRevocations,
  ) {}

  @Post()
  @Allow(Permission.ListingPropose)
  @ApiOperation({ summary: 'Propose a listing (拟列入), citing the heavier penalty it rests on' })
  @ApiResponse({ status: 422, description: 'BLACKLIST.ENTERPRISE_NOT_FOUND, BLACKLIST.LIST_TYPE_UNKNOWN, BLACKLIST.INVALID_DATE' })
  propose(@CurrentActor() actor: Actor, @Body() dto: ProposeListingDto) {
    return this.listings.propose(actor, dto);
  }

  @Get()
  @Allow(Permission.ListingRead)
  @ApiOperation({ summary: 'Listings for staff, newest first; filters and work queues' })
  list(@CurrentActor() actor: Actor, @Query() query: ListingQueryDto) {
    return this.listings.list(actor, query);
  }

  @Post('expiry-run')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Record expiries now (期满移出); the daily job does the same' })
  async runExpiry() {
    return { expired: await this.removals.recordExpiries() };
  }

  @Get(':id')
  @Allow(Permission.ListingRead)
  @ApiOperation({ summary: 'One listing with statements, repair applications and its full history' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.listings.get(actor, id);
  }

  @Post(':id/notify')
  @HttpCode(200)
  @Allow(Permission.ListingPropose)
  @ApiOperation({ summary: 'Record the notice (告知) and the statement/hearing deadline' })
  @ApiResponse(conflict)
  notify(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: NotifyListingDto) {
    return this.listings.notify(actor, id, dto);
  }

  @Post(':id/statements')
  @HttpCode(200)
  @Allow(Permission.ListingPropose)
  @ApiOperation({ summary: 'Record a statement, a hearing request or a waiver (陈述、申辩、听证)' })
  @ApiResponse(conflict)
  statement(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: RecordStatementDto) {
    return this.listings.recordStatement(actor, id, dto);
  }

  @Post(':id/decide')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Decide the listing (决定列入) and publish it' })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  @ApiResponse({ status: 422, description: 'BLACKLIST.STATEMENT_PERIOD_OPEN, BLACKLIST.INVALID_DATE' })
  decide(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: DecideListingDto) {
    return this.listings.decide(actor, id, dto);
  }

  @Post(':id/drop')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Decide not to list (不予列入), with reason' })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  drop(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    return this.listings.drop(actor, id, dto);
  }

  @Post(':id/revoke')
  @HttpCode(202)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Propose revoking a wrong listing (拟撤销); a second reviewer approves, the listing restricts until then' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.REVOCATION_PENDING or BLACKLIST.INVALID_STATE' })
  revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    return this.revocations.propose(actor, id, dto.reason);
  }

  @Post(':id/revoke/approve')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Approve the proposed revocation (批准撤销) as a second reviewer; it stops restricting from today' })
  @ApiResponse({ status: 403, description: 'BLACKLIST.FOUR_EYES (the proposer) or ACCESS.FRESH_ACCOUNT (an account the proposer just made)' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.NO_REVOCATION_PROPOSED or BLACKLIST.INVALID_STATE' })
  approveRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.revocations.approve(actor, id);
  }

  @Post(':id/revoke/reject')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Turn down (or withdraw) the proposed revocation (不予撤销), with reason; the listing is unchanged' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.NO_REVOCATION_PROPOSED' })
  rejectRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    return this.revocations.reject(actor, id, dto.reason);
  }

  @Post(':id/repair-applications')
  @Allow(Permission.ListingPropose)
  @ApiOperation({ summary: 'File a credit-repair application (信用修复申请) for early removal' })
  @ApiResponse({ status: 422, description: 'BLACKLIST.REPAIR_NOT_ELIGIBLE, with `unmet` conditions' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.REPAIR_ALREADY_PENDING or BLACKLIST.INVALID_STATE' })
  applyRepair(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ApplyRepairDto) {
    return this.removals.applyRepair(actor, id, dto);
  }

  @Post(':id/repair-applications/:applicationId/decide')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Approve (remove early) or refuse a repair application' })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  decideRepair(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() dto: DecideRepairDto,
  ) {
    return this.removals.decideRepair(actor, id, applicationId, dto);
  }
}

@ApiTags('public')
@Controller('api/v1/public/listings')
export class PublicListingsController {
  constructor(private readonly listings: ListingsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published blacklist entries in force today (公示); no personal data' })
  list(@Query() query: PublicListingQueryDto) {
    return this.listings.listPublic(query);
  }
}
