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
import { ListingDecisions } from './listing-decisions.service.js';
import { ListingQueries } from './listing-queries.service.js';
import { ListingsService } from './listings.service.js';
import { RemovalsService } from './removals.service.js';
import { ListingJurisdiction } from './jurisdiction/listing-jurisdiction.js';

const conflict = { status: 409, description: 'BLACKLIST.INVALID_STATE (already done / wrong state) or BLACKLIST.ALREADY_LISTED' };
const outside = { status: 403, description: 'ACCESS.OUTSIDE_JURISDICTION: the enterprise lies outside the acting authority’s region' };
const fourEyes = { status: 403, description: 'AUTH.FORBIDDEN or BLACKLIST.FOUR_EYES (proposer/handler deciding their own case)' };

@ApiTags('blacklist')
@Controller('api/v1/listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly queries: ListingQueries,
    private readonly decisions: ListingDecisions,
    private readonly removals: RemovalsService,
    private readonly revocations: ListingRevocations,
    private readonly jurisdiction: ListingJurisdiction,
  ) {}

  @Post()
  @Allow(Permission.ListingPropose)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Propose a listing (拟列入), citing the heavier penalty it rests on' })
  @ApiResponse({ status: 422, description: 'BLACKLIST.ENTERPRISE_NOT_FOUND, BLACKLIST.LIST_TYPE_UNKNOWN, BLACKLIST.INVALID_DATE' })
  async propose(@CurrentActor() actor: Actor, @Body() dto: ProposeListingDto) {
    await this.jurisdiction.forProposal(actor, dto.enterprise);
    return this.listings.propose(actor, dto);
  }

  @Get()
  @Allow(Permission.ListingRead)
  @ApiOperation({ summary: 'Listings for staff, newest first; filters and work queues' })
  list(@CurrentActor() actor: Actor, @Query() query: ListingQueryDto) {
    return this.queries.list(actor, query);
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
    return this.queries.get(actor, id);
  }

  @Post(':id/notify')
  @HttpCode(200)
  @Allow(Permission.ListingPropose)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Record the notice (告知) and the statement/hearing deadline' })
  @ApiResponse(conflict)
  async notify(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: NotifyListingDto) {
    await this.jurisdiction.forListing(actor, id, 'notifying a proposed listing');
    return this.listings.notify(actor, id, dto);
  }

  @Post(':id/statements')
  @HttpCode(200)
  @Allow(Permission.ListingPropose)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Record a statement, a hearing request or a waiver (陈述、申辩、听证)' })
  @ApiResponse(conflict)
  async statement(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: RecordStatementDto) {
    await this.jurisdiction.forListing(actor, id, 'recording a statement');
    return this.listings.recordStatement(actor, id, dto);
  }

  @Post(':id/decide')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({
    summary:
      "Decide the listing (决定列入) for the acting user's authority; published at once, or after the upper level's consent where the level's setting asks for it",
  })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  @ApiResponse({ status: 422, description: 'BLACKLIST.STATEMENT_PERIOD_OPEN, BLACKLIST.INVALID_DATE' })
  async decide(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: DecideListingDto) {
    // The decision is made for the acting user's authority (issue 24), checked inside its transaction (ListingDecisions).
    return this.decisions.decide(actor, id, dto);
  }

  @Post(':id/drop')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Decide not to list (不予列入), with reason' })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  async drop(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    await this.jurisdiction.forListing(actor, id, 'dropping a proposed listing');
    return this.listings.drop(actor, id, dto);
  }

  @Post(':id/revoke')
  @HttpCode(202)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Propose revoking a wrong listing (拟撤销); a second reviewer approves, the listing restricts until then' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.REVOCATION_PENDING or BLACKLIST.INVALID_STATE' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    await this.jurisdiction.forRemoval(actor, id, 'proposing to revoke a listing');
    return this.revocations.propose(actor, id, dto.reason);
  }

  @Post(':id/revoke/approve')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Approve the proposed revocation (批准撤销) as a second reviewer; it stops restricting from today' })
  @ApiResponse({ status: 403, description: 'BLACKLIST.FOUR_EYES (the proposer) or ACCESS.FRESH_ACCOUNT (an account the proposer just made)' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.NO_REVOCATION_PROPOSED or BLACKLIST.INVALID_STATE' })
  async approveRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    await this.jurisdiction.forRemoval(actor, id, 'revoking a listing');
    return this.revocations.approve(actor, id);
  }

  @Post(':id/revoke/reject')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Turn down (or withdraw) the proposed revocation (不予撤销), with reason; the listing is unchanged' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.NO_REVOCATION_PROPOSED' })
  async rejectRevocation(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    await this.jurisdiction.forRemoval(actor, id, 'turning down a listing revocation');
    return this.revocations.reject(actor, id, dto.reason);
  }

  @Post(':id/repair-applications')
  @Allow(Permission.ListingPropose)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'File a credit-repair application (信用修复申请) for early removal' })
  @ApiResponse({ status: 422, description: 'BLACKLIST.REPAIR_NOT_ELIGIBLE, with `unmet` conditions' })
  @ApiResponse({ status: 409, description: 'BLACKLIST.REPAIR_ALREADY_PENDING or BLACKLIST.INVALID_STATE' })
  async applyRepair(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ApplyRepairDto) {
    await this.jurisdiction.forRemoval(actor, id, 'filing a repair application');
    return this.removals.applyRepair(actor, id, dto);
  }

  @Post(':id/repair-applications/:applicationId/decide')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiResponse(outside)
  @ApiOperation({ summary: 'Approve (remove early) or refuse a repair application' })
  @ApiResponse(fourEyes)
  @ApiResponse(conflict)
  async decideRepair(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() dto: DecideRepairDto,
  ) {
    await this.jurisdiction.forRemoval(actor, id, 'deciding a repair application');
    return this.removals.decideRepair(actor, id, applicationId, dto);
  }
}

@ApiTags('public')
@Controller('api/v1/public/listings')
export class PublicListingsController {
  constructor(private readonly queries: ListingQueries) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published blacklist entries in force today (公示); no personal data' })
  list(@Query() query: PublicListingQueryDto) {
    return this.queries.listPublic(query);
  }
}
