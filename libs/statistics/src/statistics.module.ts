import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsRepository } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';
import { AuthorityStatistics } from './authority-statistics.js';

const httpControllers = [StatisticsController];
const services = [StatisticsService, AuthorityStatistics];
const repositories = [StatisticsRepository];

/** Statistics (schema `statistics`: read-only views over the other contexts; see docs/portal.md). */
@Module({
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: [StatisticsService],
})
export class StatisticsModule {}
