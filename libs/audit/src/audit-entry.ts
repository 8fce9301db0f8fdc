import type { EntryFields, HashedFields } from './audit-hash.js';

/** An audit.entries row as selected with `SELECT *`. */
export interface EntryRow {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  actor_roles: string[];
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  key_id: string | null;
  /** prev_hash, hash and key_id are null while the entry waits for the sealer */
  prev_hash: string | null;
  hash: string | null;
}

export function legacyFields(r: EntryRow): HashedFields {
  return {
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason,
    requestId: r.request_id,
  };
}

export function entryFields(r: EntryRow, keyId: string): EntryFields {
  return { ...legacyFields(r), seq: String(r.seq), actorName: r.actor_name, actorRoles: r.actor_roles ?? [], keyId };
}
