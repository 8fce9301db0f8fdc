// Public surface of the audit context (schema `audit`).
export { AuditModule } from './audit.module.js';
export { AuditLog, type AuditChange, type AuditEntry } from './audit-log.service.js';
export { AuditSealer, SEAL_INTERVAL_MS } from './audit-sealer.js';
export { AuditChain, type AuditAnchor, type ChainVerification } from './audit-chain.js';
export { canonicalJson, chainHash, GENESIS_HASH, keyedChainHash } from './audit-hash.js';
export type { EntryRow } from './audit-entry.js';
import { AuditLog1763700002000 } from './migrations/1763700002000-audit-log.js';
import { AuditKeyedChain1764300000300 } from './migrations/1764300000300-audit-keyed-chain.js';
import { AuditSealedChain1765400000100 } from './migrations/1765400000100-audit-sealed-chain.js';
export const auditMigrations = [AuditLog1763700002000, AuditKeyedChain1764300000300, AuditSealedChain1765400000100];
