import { Module } from '@nestjs/common';
import { EnterprisesModule } from '#qcr/enterprises';
import { CreditCatalogueService } from './credit-catalogue.service.js';
import { CreditCategoriesController } from './credit-categories.controller.js';
import { CreditRecordsController } from './credit-records.controller.js';
import { CreditRecordsRepository } from './credit-records.repository.js';
import { CreditRecordsService } from './credit-records.service.js';

const httpControllers = [CreditRecordsController, CreditCategoriesController];
const services = [CreditRecordsService, CreditCatalogueService];
const repositories = [CreditRecordsRepository];

@Module({
  imports: [EnterprisesModule],
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: services,
})
export class CreditRecordsModule {}
