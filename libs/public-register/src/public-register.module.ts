import { Module } from '@nestjs/common';
import { BlacklistModule } from '#qcr/blacklist';
import { CreditRecordsModule } from '#qcr/credit-records';
import { EnterprisesModule } from '#qcr/enterprises';
import { GradingModule } from '#qcr/grading';
import { PublicRegisterController } from './public-register.controller.js';
import { PublicRegister } from './public-register.service.js';

/** 社会监督: the public, no-login views of the register (no schema; reads through the context facades). */
@Module({
  imports: [EnterprisesModule, GradingModule, BlacklistModule, CreditRecordsModule],
  controllers: [PublicRegisterController],
  providers: [PublicRegister],
  exports: [PublicRegister],
})
export class PublicRegisterModule {}
