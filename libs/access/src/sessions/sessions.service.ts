import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type ActingAuthority, type Actor, AppConfig, inTransaction, queryOne } from '#qcr/platform';
import { LRUCache } from 'lru-cache';
import type { DataSource, EntityManager } from 'typeorm';
import { SESSIONS_CHANNEL, SessionNotices } from './session-notices.js';

/** What a staff token carries (signed by AuthController.login). */
export interface StaffTokenClaims {
  sub: string;
  name: string;
  roles: string[];
  /** token id: what logout revokes */
  jti?: string;
  iat?: number;
  /** issue time in ms: `iat` has whole seconds, too coarse to order a login and a cut in one second */
  iatMs?: number;
  exp?: number;
}

interface UserSessionState {
  active: boolean;
  roles: string[];
  /** epoch ms; tokens issued before it are void */
  tokensValidAfter: number | null;
  revoked: Set<string>;
  /** primary first; re-read with the roles, so a changed authority holds from the next request */
  authorities: ActingAuthority[];
}

const CACHE_MAX_USERS = 10_000;

/**
 * Roles and active status are re-checked on every staff request (issue 13 §7), from a per-user
 * cache held at most QCR_SESSION_CACHE_SECONDS (≤ 30) and dropped at once on change: locally, and
 * on every other instance through NOTIFY (SessionNotices). A cache miss is one query per user.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly cache: LRUCache<string, UserSessionState>;
  private notices?: SessionNotices;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    config: AppConfig,
  ) {
    this.cache = new LRUCache({ max: CACHE_MAX_USERS, ttl: config.QCR_SESSION_CACHE_SECONDS * 1000 });
  }

  onModuleInit(): void {
    const url = (this.db.options as { url?: string }).url;
    if (!url) return;
    this.notices = new SessionNotices(
      url,
      (userId) => this.cache.delete(userId),
      () => this.cache.clear(),
    );
    this.notices.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.notices?.stop();
  }

  /** The actor for a verified token, with the user's current roles; null when the token no longer holds. */
  async actorFor(claims: StaffTokenClaims): Promise<Actor | null> {
    if (!claims.jti || !claims.iat || !claims.exp) return null; // tokens from before revocation existed
    const state = await this.state(claims.sub);
    if (!state || !state.active || state.revoked.has(claims.jti)) return null;
    if (state.tokensValidAfter !== null && (claims.iatMs ?? claims.iat * 1000) < state.tokensValidAfter) return null;
    return {
      kind: 'staff',
      id: claims.sub,
      name: claims.name,
      roles: state.roles,
      sessionId: claims.jti,
      sessionExpiresAt: claims.exp,
      authorities: state.authorities,
    };
  }

  /** Logout: the token's id is revoked until it would have expired anyway; `everywhere` voids all the user's tokens. */
  async logout(actor: Actor, everywhere: boolean): Promise<void> {
    await inTransaction(this.db, async (em) => {
      if (everywhere) {
        await em.query(`UPDATE access.users SET tokens_valid_after = now() WHERE id = $1`, [actor.id]);
      } else {
        await em.query(`INSERT INTO access.revoked_tokens (jti, user_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (jti) DO NOTHING`, [
          actor.sessionId,
          actor.id,
          actor.sessionExpiresAt,
        ]);
      }
      await this.audit.record(em, actor, {
        action: everywhere ? 'session.logout-everywhere' : 'session.logout',
        entityType: 'user',
        entityId: actor.id,
      });
      await this.announce(em, actor.id);
    });
  }

  /** Tells every instance (this one included, on commit) to drop its cached state of the user. */
  async announce(em: EntityManager, userId: string): Promise<void> {
    await em.query(`SELECT pg_notify($1, $2)`, [SESSIONS_CHANNEL, userId]);
    this.cache.delete(userId); // here at once; a stale refill before commit lasts at most the TTL
  }

  /** After commit, for the instance that made the change (the notice may still be on its way). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async state(userId: string): Promise<UserSessionState | null> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const row = await queryOne<Omit<UserSessionState, 'revoked'> & { revoked: string[] }>(
      this.db,
      `SELECT u.active, u.roles,
              extract(epoch FROM u.tokens_valid_after)::float8 * 1000 AS "tokensValidAfter",
              coalesce((SELECT array_agg(r.jti::text) FROM access.revoked_tokens r WHERE r.user_id = u.id AND r.expires_at > now()), '{}') AS revoked,
              coalesce((SELECT json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'level', a.level, 'regionCode', a.region_code)
                                         ORDER BY a.id = u.authority_id DESC)
                          FROM access.authorities a WHERE a.id IN (u.authority_id, u.second_authority_id) AND a.active), '[]') AS authorities
         FROM access.users u WHERE u.id::text = $1`,
      [userId],
    );
    if (!row) return null;
    const state: UserSessionState = {
      active: row.active,
      roles: row.roles,
      tokensValidAfter: row.tokensValidAfter,
      revoked: new Set(row.revoked),
      authorities: row.authorities,
    };
    this.cache.set(userId, state);
    return state;
  }
}
