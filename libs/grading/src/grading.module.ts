import { Module } from '@nestjs/common';
import { AccessModule } from '#qcr/access';
import { BlacklistModule } from '#qcr/blacklist';
import { CreditRecordsModule } from '#qcr/credit-records';
import { EnterprisesModule } from '#qcr/enterprises';
import { GradeProjection } from './grade-projection.service.js';
import { JobRunsRepository } from './jobs/job-runs.repository.js';
import { ScheduledJobs } from './jobs/scheduled-jobs.service.js';
import { GradeHistoryImportController } from './history-import/grade-history-import.controller.js';
import { GradeHistoryImporter } from './history-import/grade-history-importer.service.js';
import { HistoryRebuild } from './history-rebuild/history-rebuild.service.js';
import { GradesController } from './grades.controller.js';
import { GradesRepository } from './grades.repository.js';
import { GradingAdminController } from './grading-admin.controller.js';
import { GradingModels } from './grading-models.service.js';
import { GradingService } from './grading.service.js';
import { InspectionPlans } from './inspection-plans.service.js';
import { GradeOverrides } from './overrides.service.js';
import { RegradeRuns } from './regrade-runs.service.js';

const httpControllers = [GradesController, GradingAdminController, GradeHistoryImportController];
const services = [
  GradeHistoryImporter,
  HistoryRebuild,
  ScheduledJobs,
  GradingService,
  GradeProjection,
  GradingModels,
  RegradeRuns,
  GradeOverrides,
  InspectionPlans,
];
const repositories = [GradesRepository, JobRunsRepository];

@Module({
  imports: [AccessModule, CreditRecordsModule, BlacklistModule, EnterprisesModule],
  controllers: httpControllers,
  providers: [...services, ...repositories],
  exports: [GradeHistoryImporter, HistoryRebuild, GradingService, GradeProjection, RegradeRuns, GradingModels],
})
export class GradingModule {}
