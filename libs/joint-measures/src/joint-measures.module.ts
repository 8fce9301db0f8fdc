import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AccessModule } from '#qcr/access';
import { BlacklistModule } from '#qcr/blacklist';
import { EnterprisesModule } from '#qcr/enterprises';
import { GradingModule } from '#qcr/grading';
import { systemActor } from '#qcr/platform';
import { BatchReportController } from './checks/batch-report.controller.js';
import { BatchReports } from './checks/batch-report.js';
import { CheckLogReader } from './checks/check-log.reader.js';
import { CheckLogWriter } from './checks/check-log.writer.js';
import { ChecksController } from './checks/checks.controller.js';
import { CheckReads } from './checks/check-reads.js';
import { ChecksFastLane } from './checks/checks.fast-lane.js';
import { ChecksService } from './checks/checks.service.js';
import { PersonChecksController } from './checks/person-checks.controller.js';
import { PersonChecksService } from './checks/person-checks.service.js';
import { PersonChecksFastLane } from './checks/person-checks.fast-lane.js';
import { PersonReads } from './checks/person-reads.js';
import { PublicBatchController } from './checks/public-batch.controller.js';
import { ReceiptVerificationController } from './checks/receipt-verification.controller.js';
import { ReceiptsRepository } from './checks/receipts.repository.js';
import { ReceiptsService } from './checks/receipts.service.js';
import { MeasuresController } from './measures/measures.controller.js';
import { MeasuresRepository } from './measures/measures.repository.js';
import { loadMeasureSeed } from './measures/measures.seed.js';
import { MeasuresService } from './measures/measures.service.js';

const httpControllers = [
  PersonChecksController,
  ChecksController,
  BatchReportController,
  ReceiptVerificationController,
  PublicBatchController,
  MeasuresController,
];
const services = [
  BatchReports,
  ChecksService,
  CheckReads,
  ChecksFastLane,
  ReceiptsService,
  MeasuresService,
  CheckLogWriter,
  CheckLogReader,
  PersonChecksService,
  PersonReads,
  PersonChecksFastLane,
];
const repositories = [MeasuresRepository, ReceiptsRepository];

/** Joint measures (联合奖惩, schema `measures`): the measure catalogue, checks, receipts and feedback. */
@Module({
  imports: [AccessModule, EnterprisesModule, GradingModule, BlacklistModule],
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: [ChecksService, MeasuresService],
})
export class JointMeasuresModule implements OnApplicationBootstrap {
  constructor(private readonly measures: MeasuresService) {}

  /**
   * The catalogue is reference data every deployment needs (an empty catalogue would answer
   * `clear` for a listed enterprise), so it is seeded on start, not only with the demo data.
   * Codes already present are left as administrators edited or retired them.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.measures.seed(systemActor('measure-catalogue-seed'), loadMeasureSeed());
  }
}
