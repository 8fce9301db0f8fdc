import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** What the first, unkeyed chain covered (entries before the keyed epoch; docs/audit.md). */
export interface HashedFields {
  at: string;
  actorKind: string;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

/** Every column of audit.entries except the chain's own two (issue 13: actor_name, actor_roles and seq were not covered). */
export interface EntryFields extends HashedFields {
  seq: string;
  actorName: string;
  actorRoles: string[];
  keyId: string;
}

/** JSON with sorted keys, so jsonb's own key order cannot change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first chain: hash_n = sha256(hash_{n-1} ‖ canonical(entry_n)) — public, so anyone could re-hash it. */
export function chainHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/**
 * The keyed chain: hash_n = HMAC-SHA256(key[keyId], "qcr-audit-v2" ‖ hash_{n-1} ‖ canonical(every column of entry_n)).
 * Without the key (held outside the database: QCR_AUDIT_KEY) a changed entry cannot be given a matching hash,
 * nor can every later one be re-hashed.
 */
export function keyedChainHash(key: Buffer, prevHash: string, fields: EntryFields): string {
  return createHmac('sha256', key).update('qcr-audit-v2\n').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
