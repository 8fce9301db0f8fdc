import { accessMigrations } from '#qcr/access';
import { auditMigrations } from '#qcr/audit';
import type { MigrationClass } from '#qcr/platform';

/** Every context's migrations; TypeORM orders them by the timestamp in their names. */
export const registryMigrations: MigrationClass[] = [...accessMigrations, ...auditMigrations];
