// Public surface of the audit context (schema `audit`).
export { AuditModule } from './audit.module.js';
export { AuditLog, type AuditChange, type AuditEntry, type ChainVerification } from './audit-log.service.js';
export { canonicalJson, chainHash, GENESIS_HASH } from './audit-hash.js';
import { AuditLog1763700002000 } from './migrations/1763700002000-audit-log.js';
export const auditMigrations = [AuditLog1763700002000];
