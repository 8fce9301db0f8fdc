import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EnterpriseImportController } from './enterprise-import.controller.js';
import { EnterpriseImporter } from './enterprise-importer.service.js';
import { ReferenceEditions } from './reference-editions.service.js';
import { EnterpriseRegistrar } from './enterprise-registrar.service.js';
import { EnterprisesController } from './enterprises.controller.js';
import { EnterprisesService } from './enterprises.service.js';
import { PersonalDataCipher } from './personal-data.js';
import { PersonalDataResealer } from './personal-data-reseal.js';
import { ReferenceCache } from './reference-cache.js';
import { OfficersController } from './persons/officers.controller.js';
import { OfficersService } from './persons/officers.service.js';
import { PersonRegistry } from './persons/person-registry.service.js';
import { PersonsResealer } from './persons/persons-reseal.js';

// The public view (GET /api/v1/public/enterprises…) is served by libs/public-register from publicView().
const httpControllers = [EnterpriseImportController, EnterprisesController, OfficersController];
const services = [
  EnterprisesService,
  EnterpriseRegistrar,
  EnterpriseImporter,
  PersonalDataCipher,
  PersonalDataResealer,
  ReferenceCache,
  ReferenceEditions,
  PersonRegistry,
  OfficersService,
  PersonsResealer,
];
const exported = [
  EnterprisesService,
  EnterpriseRegistrar,
  EnterpriseImporter,
  PersonalDataCipher,
  PersonalDataResealer,
  ReferenceEditions,
  PersonRegistry,
  PersonsResealer,
];

interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(type: string, fn: (req: unknown, payload: unknown, done: (err: Error | null, body?: unknown) => void) => void): void;
}

/** Enterprise records (schema `enterprises`). Other contexts use EnterprisesService (docs/contracts.md). */
@Module({ controllers: httpControllers, providers: services, exports: exported })
export class EnterprisesModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** A text/csv body reaches the import handler as an unread stream (never buffered whole). */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.<FastifyLike | undefined>();
    if (fastify?.addContentTypeParser && !fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    }
  }
}
