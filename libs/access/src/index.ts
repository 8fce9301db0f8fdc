// Public surface of the access context (schema `access`): staff users, roles, partner agencies, API keys.
export { AccessModule } from './access.module.js';
export { AccessGuard } from './access.guard.js';
export { UsersService, type StaffUser } from './users.service.js';
export { SeparationOfDuties } from './separation-of-duties.js';
export { AgenciesService, type Agency, type ApiKeyInfo } from './agencies.service.js';
export { ROLES, ROLE_LABELS, ROLE_PERMISSIONS, rolesGrant, type Role } from './roles.js';
export { PURPOSES } from './access.dto.js';
export { seedDemoAccess, DEMO_AGENCY_CODE, type DemoAccess, SECOND_REVIEWER } from './access.seed.js';
export { newApiKey, randomToken } from './secrets.js';
import { Access1763700001000 } from './migrations/1763700001000-access.js';
import { LoginFailures1764210000000 } from './migrations/1764210000000-login-failures.js';
import { Sessions1764220000000 } from './migrations/1764220000000-sessions.js';
import { UserProvenance1764300000400 } from './migrations/1764300000400-user-provenance.js';
export const accessMigrations = [Access1763700001000, LoginFailures1764210000000, Sessions1764220000000, UserProvenance1764300000400];
