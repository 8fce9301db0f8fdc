import { Module, type OnModuleInit } from '@nestjs/common';
import { CreditRevocations } from './credit-revocations.service.js';
import { AccessModule } from '#qcr/access';
import { HttpAdapterHost } from '@nestjs/core';
import { EnterprisesModule } from '#qcr/enterprises';
import { CreditCatalogueService } from './credit-catalogue.service.js';
import { CreditCategoriesController } from './credit-categories.controller.js';
import { CreditRecordsImportController } from './credit-records-import.controller.js';
import { CreditRecordsImporter } from './credit-records-importer.service.js';
import { CreditRecordsController } from './credit-records.controller.js';
import { CreditRecordsRepository } from './credit-records.repository.js';
import { CreditJurisdiction } from './credit-jurisdiction.js';
import { CreditRecordsService } from './credit-records.service.js';

const httpControllers = [CreditRecordsImportController, CreditRecordsController, CreditCategoriesController];
const services = [CreditRecordsService, CreditCatalogueService, CreditRecordsImporter, CreditRevocations];
const repositories = [CreditRecordsRepository, CreditJurisdiction];

interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(type: string, fn: (req: unknown, payload: unknown, done: (err: Error | null, body?: unknown) => void) => void): void;
}

@Module({
  imports: [AccessModule, EnterprisesModule],
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: services,
})
export class CreditRecordsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** A text/csv body reaches the import handler as an unread stream (EnterprisesModule registers the same parser). */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.<FastifyLike | undefined>();
    if (fastify?.addContentTypeParser && !fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    }
  }
}
