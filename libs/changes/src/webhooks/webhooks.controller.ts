import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { WatchlistAgencyQueryDto } from '../watchlists/watchlists.dto.js';
import { CreateWebhookDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

/** Signed webhooks (docs/changes.md): partners manage their agency's endpoints; administrators any agency's and the dead letters. */
@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'Register a receiver; answers its signing secret once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto, @Query() q: WatchlistAgencyQueryDto) {
    return this.webhooks.create(actor, dto.url, q.agency);
  }

  @Get()
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'The agency’s receivers (no secrets)' })
  list(@CurrentActor() actor: Actor, @Query() q: WatchlistAgencyQueryDto) {
    return this.webhooks.list(actor, q.agency);
  }

  @Get('dead-letters')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Deliveries that failed every retry (administrators)' })
  deadLetters() {
    return this.webhooks.deadLetters();
  }

  @Post('dead-letters/:deliveryId/replay')
  @HttpCode(200)
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Send a dead delivery again, same delivery and event id (administrators, audited)' })
  replay(@CurrentActor() actor: Actor, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.replay(actor, /^\d{1,18}$/.test(deliveryId) ? deliveryId : '0');
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'Stop delivering to a receiver (audited)' })
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: WatchlistAgencyQueryDto) {
    await this.webhooks.remove(actor, id, q.agency);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'New signing secret (shown once); the old one keeps signing for 24 h' })
  rotate(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: WatchlistAgencyQueryDto) {
    return this.webhooks.rotate(actor, id, q.agency);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'Queue a signed test delivery' })
  test(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: WatchlistAgencyQueryDto) {
    return this.webhooks.test(actor, id, q.agency);
  }

  @Get(':id/deliveries')
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'Recent deliveries to a receiver with their state, attempts and last answer' })
  deliveries(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: WatchlistAgencyQueryDto) {
    return this.webhooks.deliveries(actor, id, q.agency);
  }
}
