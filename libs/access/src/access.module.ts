import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '#qcr/platform';
import { AccessGuard } from './access.guard.js';
import { AdminController } from './admin.controller.js';
import { AgenciesService } from './agencies.service.js';
import { AuthController } from './auth.controller.js';
import { AuthoritiesController } from './authorities/authorities.controller.js';
import { AuthoritiesService } from './authorities/authorities.service.js';
import { JwtSecret } from './jwt-secret.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { LoginThrottle } from './login/login-throttle.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';
import { SeparationOfDuties } from './separation-of-duties.js';
import { SessionsService } from './sessions/sessions.service.js';
import { UsersService } from './users.service.js';

const httpControllers = [AuthController, AdminController, AuthoritiesController];
const services = [AuthoritiesService, UsersService, AgenciesService, SeparationOfDuties, LoginThrottle, SessionsService];
const strategies = [LocalStrategy, JwtStrategy, ApiKeyStrategy];
// One instance, global; exported so a fast lane (platform fast-lane.ts) runs the very same guard.
const globalGuards = [AccessGuard, { provide: APP_GUARD, useExisting: AccessGuard }];

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (c: AppConfig) => ({ secret: JwtSecret.from(c.QCR_JWT_SECRET).value, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: httpControllers,
  providers: [
    { provide: JwtSecret, inject: [AppConfig], useFactory: (c: AppConfig) => JwtSecret.from(c.QCR_JWT_SECRET) },
    ...services,
    ...strategies,
    LocalAuthGuard,
    ...globalGuards,
  ],
  exports: [...services, JwtSecret, AccessGuard],
})
export class AccessModule {}
