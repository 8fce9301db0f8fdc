import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { ListingJurisdiction } from './jurisdiction/listing-jurisdiction.js';
import { ListingConsents } from './listing-consents.service.js';
import { ListingReasonDto } from './listings.dto.js';

const upper = { status: 403, description: 'BLACKLIST.NOT_UPPER_AUTHORITY, BLACKLIST.FOUR_EYES, ACCESS.FRESH_ACCOUNT or ACCESS.OUTSIDE_JURISDICTION' };

/** 报经上一级同意 (issue 24): the upper level's queue and its two answers. */
@ApiTags('blacklist')
@Controller('api/v1/listings')
export class ListingConsentsController {
  constructor(
    private readonly consents: ListingConsents,
    private readonly jurisdiction: ListingJurisdiction,
  ) {}

  @Get('consent-queue')
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: "Decisions waiting for the consent of the user's authority (报经上一级同意), oldest first" })
  queue(@CurrentActor() actor: Actor) {
    return this.consents.queue(actor);
  }

  @Post(':id/consent')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Consent (同意) as the authority one level up: the listing is published, its consent date on the public record' })
  @ApiResponse(upper)
  @ApiResponse({ status: 409, description: 'BLACKLIST.INVALID_STATE (not awaiting consent) or BLACKLIST.ALREADY_LISTED' })
  async consent(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    await this.jurisdiction.forListing(actor, id, 'consenting to a listing decision');
    return this.consents.consent(actor, id);
  }

  @Post(':id/consent/refuse')
  @HttpCode(200)
  @Allow(Permission.ListingDecide)
  @ApiOperation({ summary: 'Refuse consent (不同意), with reason: the decision is withdrawn, the case returns to the deciding authority' })
  @ApiResponse(upper)
  @ApiResponse({ status: 409, description: 'BLACKLIST.INVALID_STATE (not awaiting consent)' })
  async refuse(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ListingReasonDto) {
    await this.jurisdiction.forListing(actor, id, 'refusing consent to a listing decision');
    return this.consents.refuse(actor, id, dto.reason);
  }
}
