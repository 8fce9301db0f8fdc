import { Module } from '@nestjs/common';
import { ListingRevocations } from './listing-revocations.service.js';
import { AccessModule } from '#qcr/access';
import { CreditRecordsModule } from '#qcr/credit-records';
import { EnterprisesModule } from '#qcr/enterprises';
import { BlacklistExpiry } from './blacklist-expiry.js';
import { BlacklistReader } from './blacklist-reader.js';
import { ListingPersonalData } from './listing-personal-data.js';
import { ListingTransitions } from './listing-transitions.js';
import { ListTypesController } from './list-types.controller.js';
import { ListTypesService } from './list-types.service.js';
import { ListingsController, PublicListingsController } from './listings.controller.js';
import { ListingsRepository } from './listings.repository.js';
import { ListingsService } from './listings.service.js';
import { RemovalsService } from './removals.service.js';

const httpControllers = [ListingsController, ListTypesController, PublicListingsController];
const repositories = [ListingsRepository];
const services = [ListingsService, ListTypesService, RemovalsService, ListingTransitions, ListingRevocations, BlacklistReader];

/** 质量失信黑名单: entry, publication and removal of quality-dishonest enterprises (schema `blacklist`). */
@Module({
  imports: [AccessModule, EnterprisesModule, CreditRecordsModule],
  controllers: httpControllers,
  providers: [...repositories, ...services, BlacklistExpiry, ListingPersonalData],
  exports: [BlacklistReader, BlacklistExpiry, ListingPersonalData],
})
export class BlacklistModule {}
