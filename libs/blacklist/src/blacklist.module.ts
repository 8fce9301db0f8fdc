import { Module } from '@nestjs/common';
import { ListingRevocations } from './listing-revocations.service.js';
import { ListingConsents } from './listing-consents.service.js';
import { RevocationCases } from './revocation-cases/revocation-cases.service.js';
import { RevocationCasesController } from './revocation-cases/revocation-cases.controller.js';
import { WorkingCalendar } from './revocation-cases/working-calendar.service.js';
import { ListingConsentsController } from './listing-consents.controller.js';
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
import { ListingDecisions } from './listing-decisions.service.js';
import { ListingQueries } from './listing-queries.service.js';
import { ListingsService } from './listings.service.js';
import { RepairApplications } from './repair-applications.repository.js';
import { RemovalsService } from './removals.service.js';
import { PersonPageService } from './persons/person-page.service.js';
import { PersonsController } from './persons/persons.controller.js';
import { ListingJurisdiction } from './jurisdiction/listing-jurisdiction.js';

const httpControllers = [
  RevocationCasesController,
  ListingConsentsController,
  ListingsController,
  ListTypesController,
  PublicListingsController,
  PersonsController,
];
const repositories = [ListingsRepository, RepairApplications, ListingJurisdiction];
const services = [
  RevocationCases,
  WorkingCalendar,
  ListingConsents,
  ListingsService,
  ListingDecisions,
  ListingQueries,
  ListTypesService,
  RemovalsService,
  ListingTransitions,
  ListingRevocations,
  BlacklistReader,
  PersonPageService,
];

/** 质量失信黑名单: entry, publication and removal of quality-dishonest enterprises (schema `blacklist`). */
@Module({
  imports: [AccessModule, EnterprisesModule, CreditRecordsModule],
  controllers: httpControllers,
  providers: [...repositories, ...services, BlacklistExpiry, ListingPersonalData],
  exports: [BlacklistReader, BlacklistExpiry, ListingPersonalData],
})
export class BlacklistModule {}
