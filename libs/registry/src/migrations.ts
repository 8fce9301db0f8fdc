import { accessMigrations } from '#qcr/access';
import { auditMigrations } from '#qcr/audit';
import { blacklistMigrations } from '#qcr/blacklist';
import { changesMigrations } from '#qcr/changes';
import { enterprisesMigrations } from '#qcr/enterprises';
import { creditRecordsMigrations } from '#qcr/credit-records';
import { gradingMigrations } from '#qcr/grading';
import { jointMeasuresMigrations } from '#qcr/joint-measures';
import { type MigrationClass, platformMigrations } from '#qcr/platform';
import { statisticsMigrations } from '#qcr/statistics';

/** Every context's migrations; TypeORM orders them by the timestamp in their names. */
export const registryMigrations: MigrationClass[] = [
  ...platformMigrations,
  ...accessMigrations,
  ...auditMigrations,
  ...enterprisesMigrations,
  ...creditRecordsMigrations,
  ...gradingMigrations,
  ...blacklistMigrations,
  ...jointMeasuresMigrations,
  ...statisticsMigrations,
  ...changesMigrations,
];
