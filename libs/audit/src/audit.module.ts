import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditChain } from './audit-chain.js';
import { AuditLog } from './audit-log.service.js';
import { AuditSealer } from './audit-sealer.js';

const httpControllers = [AuditController];
const services = [AuditLog, AuditSealer, AuditChain];

/** Global so every context can record its changes in its own transaction. */
@Global()
@Module({ controllers: httpControllers, providers: services, exports: services })
export class AuditModule {}
