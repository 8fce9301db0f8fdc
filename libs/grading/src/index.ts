// Public surface of the grading context (schema `grading`): AAA–D grades, overrides, regrade runs, inspection plans.
export { GradingModule } from './grading.module.js';
export { GradingService } from './grading.service.js';
export { GradeHistoryImporter, type GradeHistoryImport } from './history-import/grade-history-importer.service.js';
export { HistoryRebuild, type HistoryRebuildRun } from './history-rebuild/history-rebuild.service.js';
export { GradeProjection, type ProjectedGrade } from './grade-projection.service.js';
export { RegradeRuns, type RegradeRun } from './regrade-runs.service.js';
export { GradingModels } from './grading-models.service.js';
export { GRADE_CHANGED, type GradeAssignment, type GradeView } from './grading.types.js';
export { type Grade, GRADES, type GradingModel } from './model/grading-model.js';
export { scoreEnterprise, standingFrom } from './model/scoring.js';
export { seedDemoCreditAndGrades } from './grading.seed.js';
import { Grading1763700005000 } from './migrations/1763700005000-grading.js';
import { GradeOnDate1764000001000 } from './migrations/1764000001000-grade-on-date.js';
import { JobRuns1764500001000 } from './migrations/1764500001000-job-runs.js';
import { ImportedGrades1764500002000 } from './migrations/1764500002000-imported-grades.js';
import { OverrideNames1764600001000 } from './migrations/1764600001000-override-names.js';
import { HistoryRebuild1764800001000 } from './migrations/1764800001000-history-rebuild.js';
import { ModelActivation1764900003000 } from './migrations/1764900003000-model-activation.js';
export const gradingMigrations = [
  Grading1763700005000,
  GradeOnDate1764000001000,
  JobRuns1764500001000,
  ImportedGrades1764500002000,
  OverrideNames1764600001000,
  HistoryRebuild1764800001000,
  ModelActivation1764900003000,
];
