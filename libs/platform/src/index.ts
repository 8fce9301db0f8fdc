// Public surface of the platform library: config, database, HTTP conventions, events, dates.
export { AppConfig, loadAppConfig } from './config/app-config.js';
export { startEmbeddedPostgres, freePort, type EmbeddedDatabase } from './database/embedded.js';
export { createDataSource, runMigrations, type MigrationClass } from './database/data-source.js';
export { openDatabase, type DatabaseRuntime } from './database/runtime.js';
export {
  BULK_DATA_SOURCE,
  foregroundBusy,
  noteForegroundRequest,
  paceAfter,
  requestsArriving,
  requestsStreaming,
  setBulkShare,
  yieldToRequests,
} from './database/bulk-work.js';
export { BulkConnection } from './database/bulk-connection.js';
export { seedFile } from './config/seed-path.js';
export { auditKeyRing, type KeyRing, loadKeyRing, newKeyEntry, parseKeyRing, piiKeyRing } from './config/key-ring.js';
export { assertTestDatabase, withDatabase } from './database/database-name.js';
export { inTransaction, isDatabaseUnavailable, isPgError, PG } from './database/transaction.js';
export { ENTERPRISE_GRADE_LOCK, enterpriseGradeLockSql, holdsEnterpriseGradeLock, markEnterpriseGradeLocked } from './database/enterprise-lock.js';
export { poolOf, PreparedStatement } from './database/prepared.js';
export { ReadReplicas, replicasOf } from './database/read-replicas.js';
export { readOnReplica, routeReads } from './database/replica-reads.js';
export { platformMigrations } from './migrations/index.js';
export { DECISION_STATUS_LABELS, type PendingDecision, TwoPersonDecisions, twoPersonTableSql } from './database/two-person.js';
export { type CarriedWrite, withCarried } from './events/carried-writes.js';
export { DomainEvents, type DomainEvent, type DomainEventHandler, type EventLock, type EventRead } from './events/domain-events.js';
export { type Actor, systemActor } from './http/actor.js';
export {
  type ActingAuthority,
  assertWithinJurisdiction,
  authorityCovering,
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  covers,
  JurisdictionProblems,
  REGION_PREFIX_DIGITS,
  regionFitsLevel,
  regionPrefix,
} from './jurisdiction/jurisdiction.js';
export { ACCESS_RULE, type AccessRule, Allow, Authenticated, CurrentActor, actorOf, Permission, type PermissionName, Public } from './http/access-rules.js';
export { configureHttp, createFastifyAdapter } from './http/bootstrap.js';
export { buildOpenApi } from './http/openapi/document.js';
export { ReturnsHeaders } from './http/openapi/success-responses.js';
export { type Deprecation, DeprecatedRoute, deprecationHeaders } from './http/openapi/deprecation.js';
export { IdentityRateLimit } from './http/identity-rate-limit.js';
export { INVISIBLE_FORMATTING, IsPlainName } from './http/plain-name.validator.js';
export { IsIsoDate } from './http/iso-date.validator.js';
export { uuidParam } from './http/params.js';
export { FastLane, type FastLaneHandler, registerFastLane } from './http/fast-lane.js';
export { assertDeclaredMediaType } from './http/media-type.interceptor.js';
export { type CursorPart, decodeCursor, encodeCursor, type Page, setCursorSecret } from './http/pagination.js';
export { CommonProblems, type FieldProblem, fieldProblem, problem, ProblemException, type ProblemSpec } from './http/problem.js';
export { ProblemFilter, renderProblem } from './http/problem.filter.js';
export { createValidationPipe } from './http/validation.js';
export { addDays, addMonths, addYears, isIsoDate, type IsoDate, todayInChina } from './time/china-date.js';
export { decodeText, decodeTextStream, isZip, readTable, type TableFile, TableReadError, type TableRow, textRows } from './files/table-reader.js';
export { addWorkingDays, type CalendarDayKind, isWorkingDay } from './time/working-days.js';
export { releaseMemoryAfterBulkRun } from './memory/release-memory.js';
export { PlatformModule } from './platform.module.js';
export { checksTotal, httpRequestDuration, jobRunsTotal, metricsRegistry, registerMetricProbe } from './metrics/metrics.js';
export { type Queryable, queryChanged, queryOne, queryRows, querySingle, selectList, type SelectSpec } from './sql/typed-query.js';
