import { Module } from '@nestjs/common';
import { BlacklistModule } from '#qcr/blacklist';
import { EnterprisesModule } from '#qcr/enterprises';
import { GradingModule } from '#qcr/grading';
import { JointMeasuresModule } from '#qcr/joint-measures';
import { ExtractsController } from './extracts/extracts.controller.js';
import { ExtractsService } from './extracts/extracts.service.js';
import { ChangesController } from './feed/changes.controller.js';
import { ChangesRepository } from './feed/changes.repository.js';
import { ChangesRetention } from './feed/changes-retention.js';
import { ChangesService } from './feed/changes.service.js';
import { CursorKeptGuard } from './feed/cursor-kept.guard.js';
import { ChangeOutbox } from './outbox/change-outbox.js';
import { ChangeSequencer } from './outbox/change-sequencer.js';
import { OutboxSubscriber } from './outbox/outbox-subscriber.js';
import { WatchlistsController } from './watchlists/watchlists.controller.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksRepository } from './webhooks/webhooks.repository.js';
import { WebhooksService } from './webhooks/webhooks.service.js';
import { WatchlistsRepository } from './watchlists/watchlists.repository.js';
import { WatchlistsService } from './watchlists/watchlists.service.js';

const httpControllers = [ChangesController, WatchlistsController, WebhooksController, ExtractsController];
const services = [
  ChangeOutbox,
  ChangeSequencer,
  OutboxSubscriber,
  ChangesService,
  ChangesRetention,
  CursorKeptGuard,
  WatchlistsService,
  WebhooksService,
  WebhookWorker,
  ExtractsService,
];
const repositories = [ChangesRepository, WatchlistsRepository, WebhooksRepository];

/**
 * Partners who are told (issue 20, schema `changes`): the outbox of check-answer changes and its feed. Imports the
 * writers' modules only for their event names and so that their own handlers are registered before the outbox's.
 */
@Module({
  imports: [EnterprisesModule, GradingModule, BlacklistModule, JointMeasuresModule],
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: [ChangesService, ChangesRetention, ChangeSequencer, WebhookWorker, ExtractsService],
})
export class ChangesModule {}
