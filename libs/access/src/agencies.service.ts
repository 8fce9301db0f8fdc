import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, isPgError, PG, problem, queryChanged, queryOne, queryRows, querySingle, selectList } from '#qcr/platform';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { AccessProblems } from './access.problems.js';
import { hashApiKey, newApiKey, parseApiKey, sameHash } from './secrets.js';
import { API_KEYS_CHANNEL, SessionNotices } from './sessions/session-notices.js';

export interface Agency {
  id: string;
  code: string;
  name: string;
  /** owning department (主管部门) */
  department: string;
  /** GB/T 2260 region it serves; 000000 = nationwide */
  regionCode: string;
  purposes: string[];
  active: boolean;
}

export interface ApiKeyInfo {
  id: string;
  agencyId: string;
  prefix: string;
  label: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface KeyHolder {
  keyId: string;
  agency: Agency;
}

const agencyColumns = selectList<Agency>({
  id: '"id"',
  code: '"code"',
  name: '"name"',
  department: '"department"',
  regionCode: 'region_code',
  purposes: '"purposes"',
  active: '"active"',
});
const keyColumns = selectList<ApiKeyInfo>({
  id: '"id"',
  agencyId: 'agency_id',
  prefix: '"prefix"',
  label: '"label"',
  expiresAt: 'expires_at',
  revokedAt: 'revoked_at',
});

/** A live key joined to its agency: what authenticating a presented key reads. */
interface KeyHolderRow extends Agency {
  keyId: string;
  keyHash: string;
}
// Key lookups are on every partner request. A revocation clears the entry at once here and, through NOTIFY on
// commit, on every other instance (issue 22); the TTL only bounds how long a lost LISTEN connection goes unnoticed.
const CACHE_MS = 10_000;
// Only verified keys are cached (issue 13 §8): forged keys cannot grow it, and it is bounded anyway.
const CACHE_MAX_KEYS = 10_000;

@Injectable()
export class AgenciesService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new LRUCache<string, { holder: KeyHolder; hash: string }>({ max: CACHE_MAX_KEYS, ttl: CACHE_MS });
  private notices?: SessionNotices;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    const url = (this.db.options as { url?: string }).url;
    if (!url) return;
    this.notices = new SessionNotices(
      url,
      (prefix) => this.cache.delete(prefix),
      () => this.cache.clear(),
      API_KEYS_CHANNEL,
    );
    this.notices.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.notices?.stop();
  }

  async create(actor: Actor, input: { code: string; name: string; department: string; regionCode?: string; purposes: string[] }): Promise<Agency> {
    try {
      return await inTransaction(this.db, async (em) => {
        const agency = await querySingle<Agency>(
          em,
          `INSERT INTO access.agencies (code, name, department, purposes, region_code) VALUES ($1,$2,$3,$4,$5) RETURNING ${agencyColumns}`,
          [input.code, input.name, input.department, input.purposes, input.regionCode ?? '000000'],
        );
        await this.audit.record(em, actor, { action: 'agency.created', entityType: 'agency', entityId: agency.id, after: agency });
        return agency;
      });
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) throw problem(AccessProblems.agencyCodeTaken, `agency code ${input.code} is taken`);
      throw err;
    }
  }

  async list(): Promise<Agency[]> {
    return queryRows<Agency>(this.db, `SELECT ${agencyColumns} FROM access.agencies ORDER BY code`);
  }

  async findByCode(code: string): Promise<Agency | null> {
    return queryOne<Agency>(this.db, `SELECT ${agencyColumns} FROM access.agencies WHERE code = $1`, [code]);
  }

  async get(id: string): Promise<Agency> {
    const agency = await queryOne<Agency>(this.db, `SELECT ${agencyColumns} FROM access.agencies WHERE id::text = $1`, [id]);
    if (!agency) throw problem(AccessProblems.agencyNotFound, `no agency ${id}`);
    return agency;
  }

  /** Issues a key; the plain key is returned once and never stored. `presetKey` is for the demo seed only. */
  async issueKey(actor: Actor, agencyId: string, input: { label: string; validDays: number }, presetKey?: string): Promise<ApiKeyInfo & { key: string }> {
    const agency = await this.get(agencyId);
    const generated = newApiKey();
    const key = presetKey ?? generated.key;
    const prefix = presetKey ? parseApiKey(presetKey)!.prefix : generated.prefix;
    return inTransaction(this.db, async (em) => {
      const info = await querySingle<ApiKeyInfo>(
        em,
        `INSERT INTO access.api_keys (agency_id, prefix, key_hash, label, expires_at, created_by)
         VALUES ($1,$2,$3,$4, now() + make_interval(days => $5), $6) RETURNING ${keyColumns}`,
        [agency.id, prefix, hashApiKey(key), input.label, input.validDays, actor.id],
      );
      await this.audit.record(em, actor, { action: 'api-key.issued', entityType: 'api-key', entityId: info.id, after: info });
      return { ...info, key };
    }).finally(() => this.cache.delete(prefix)); // a preset (demo) key issued again replaces its cached holder
  }

  async listKeys(agencyId: string): Promise<ApiKeyInfo[]> {
    await this.get(agencyId);
    return queryRows<ApiKeyInfo>(this.db, `SELECT ${keyColumns} FROM access.api_keys WHERE agency_id::text = $1 ORDER BY created_at`, [agencyId]);
  }

  async revokeKey(actor: Actor, keyId: string, reason: string): Promise<ApiKeyInfo> {
    const info = await inTransaction(this.db, async (em) => {
      const {
        rows: [row],
      } = await queryChanged<ApiKeyInfo>(
        em,
        `UPDATE access.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id::text = $1 RETURNING ${keyColumns}`,
        [keyId],
      );
      if (!row) throw problem(AccessProblems.keyNotFound, `no API key ${keyId}`);
      await this.audit.record(em, actor, { action: 'api-key.revoked', entityType: 'api-key', entityId: row.id, after: row, reason });
      await em.query(`SELECT pg_notify($1, $2)`, [API_KEYS_CHANNEL, row.prefix]); // every instance, on commit
      return row;
    });
    this.cache.delete(info.prefix);
    return info;
  }

  /** Resolves a presented key to its agency, or null when unknown, revoked, expired or the agency is inactive. */
  async authenticateKey(presented: string): Promise<KeyHolder | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const hash = hashApiKey(presented);
    const cached = this.cache.get(parsed.prefix);
    if (cached) return sameHash(cached.hash, hash) ? cached.holder : null;
    const row = await queryOne<KeyHolderRow>(
      this.db,
      `SELECT k.id AS "keyId", k.key_hash AS "keyHash", a.id, a.code, a.name, a.department, a.region_code AS "regionCode", a.purposes, a.active
         FROM access.api_keys k JOIN access.agencies a ON a.id = k.agency_id
        WHERE k.prefix = $1 AND k.revoked_at IS NULL AND k.expires_at > now() AND a.active`,
      [parsed.prefix],
    );
    // Unknown prefixes and wrong secrets are not remembered: one entry per forged key would be an
    // unauthenticated way to fill the heap. The per-address rate limit bounds what they cost.
    if (!row || !sameHash(row.keyHash, hash)) return null;
    const holder: KeyHolder = {
      keyId: row.keyId,
      agency: {
        id: row.id,
        code: row.code,
        name: row.name,
        department: row.department,
        regionCode: row.regionCode,
        purposes: row.purposes,
        active: row.active,
      },
    };
    this.cache.set(parsed.prefix, { holder, hash: row.keyHash });
    return holder;
  }

  /** Entries in the verified-key cache (bounded by CACHE_MAX_KEYS); for tests and diagnostics. */
  get cachedKeyCount(): number {
    return this.cache.size;
  }
}
