import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AppConfig } from './config/app-config.js';
import { DomainEvents } from './events/domain-events.js';
import { IdentityRateLimit } from './http/identity-rate-limit.js';
import { MediaTypeInterceptor } from './http/media-type.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { createValidationPipe } from './http/validation.js';

/**
 * Filter and pipe are registered inside the module (not in main.ts) so every
 * test app gets exactly the production error behaviour.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig) {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: config },
        DomainEvents,
        IdentityRateLimit,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: MediaTypeInterceptor },
      ],
      exports: [AppConfig, DomainEvents, IdentityRateLimit],
    };
  }
}
