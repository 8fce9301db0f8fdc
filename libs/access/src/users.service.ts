import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, fieldProblem, inTransaction, isPgError, PG, problem, queryChanged, queryOne, queryRows, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthorityProblems } from './authorities/authority.problems.js';
import { AccessProblems } from './access.problems.js';
import type { Role } from './roles.js';
import { SessionsService } from './sessions/sessions.service.js';
import { hashPassword, randomToken, verifyPassword } from './secrets.js';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  /** code of the authority the user acts for (DOMAIN.md §7) */
  authority: string;
  /** code of a second authority an admin granted, if any */
  secondAuthority: string | null;
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once, with the same scrypt parameters as real ones. */
const dummyPasswordHash = () => (dummy ??= hashPassword(randomToken(24)));

const columns = `id, username, display_name AS "displayName", roles, active,
  (SELECT code FROM access.authorities WHERE id = authority_id) AS authority,
  (SELECT code FROM access.authorities WHERE id = second_authority_id) AS "secondAuthority"`;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Every staff user acts for an authority (DOMAIN.md §7): the one named, else the creating admin's own (a
   * provincial administrator creates users of the provincial bureau), else — system actors — the national one.
   */
  async create(
    actor: Actor,
    input: { username: string; displayName: string; password: string; roles: Role[]; authority?: string; secondAuthority?: string | null },
  ): Promise<StaffUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await inTransaction(this.db, async (em) => {
        const authorityId: string = input.authority
          ? await authorityIdOf(em, input.authority, 'authority')
          : (actor.authorities?.[0]?.id ?? (await authorityIdOf(em, NATIONAL_AUTHORITY, 'authority')));
        const secondId = input.secondAuthority ? await authorityIdOf(em, input.secondAuthority, 'secondAuthority') : null;
        if (secondId === authorityId)
          throw problem(AuthorityProblems.shape, 'the second authority must differ from the first', [
            fieldProblem('secondAuthority', 'distinct', 'differs from authority'),
          ]);
        const user = await querySingle<StaffUser>(
          em,
          `INSERT INTO access.users (username, display_name, password_hash, roles, created_by, roles_granted_by, authority_id, second_authority_id)
           VALUES ($1,$2,$3,$4,$5,$5,$6,$7) RETURNING ${columns}`,
          [input.username, input.displayName, passwordHash, input.roles, actor.id, authorityId, secondId],
        );
        await this.audit.record(em, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: user });
        return user;
      });
    } catch (err) {
      if (isPgError(err, PG.checkViolation))
        throw problem(AuthorityProblems.shape, 'the second authority must differ from the first', [
          fieldProblem('secondAuthority', 'distinct', 'differs from authority'),
        ]);
      if (isPgError(err, PG.uniqueViolation)) throw problem(AccessProblems.usernameTaken, `username ${input.username} is taken`);
      throw err;
    }
  }

  /** Sets the password of an existing user (demo seed and admin reset); audited. */
  async setPassword(actor: Actor, username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await inTransaction(this.db, async (em) => {
      const {
        rows: [user],
      } = await queryChanged<{ id: string }>(em, `UPDATE access.users SET password_hash = $2, updated_at = now() WHERE username = $1 RETURNING id`, [
        username,
        passwordHash,
      ]);
      if (user) await this.audit.record(em, actor, { action: 'user.password-set', entityType: 'user', entityId: user.id });
    });
  }

  /**
   * Activates/deactivates a user or replaces their roles; audited. Deactivation or losing any role
   * voids every token issued so far (issue 13 §7), announced to every instance.
   */
  async update(
    actor: Actor,
    userId: string,
    input: { active?: boolean; roles?: Role[]; authority?: string; secondAuthority?: string | null },
    reason: string,
  ): Promise<StaffUser> {
    const user = await inTransaction(this.db, async (em) => {
      const before = await queryOne<StaffUser>(em, `SELECT ${columns} FROM access.users WHERE id::text = $1 FOR UPDATE`, [userId]);
      if (!before) throw problem(AccessProblems.userNotFound, `no user ${userId}`);
      const active = input.active ?? before.active;
      const roles = input.roles ?? before.roles;
      const finalSecond = input.secondAuthority !== undefined ? input.secondAuthority : before.secondAuthority;
      if (finalSecond && finalSecond === (input.authority ?? before.authority)) {
        throw problem(AuthorityProblems.shape, 'the second authority must differ from the first', [
          fieldProblem('secondAuthority', 'distinct', 'differs from authority'),
        ]);
      }
      const cut = (before.active && !active) || before.roles.some((r) => !roles.includes(r));
      // An authority change takes effect on the next request: the session cache is dropped below (announce).
      const primary = input.authority !== undefined ? await authorityIdOf(em, input.authority, 'authority') : null;
      const second = input.secondAuthority ? await authorityIdOf(em, input.secondAuthority, 'secondAuthority') : null;
      const {
        rows: [after],
      } = await queryChanged<StaffUser>(
        em,
        `UPDATE access.users SET active = $2, roles = $3, updated_at = now(),
                tokens_valid_after = CASE WHEN $4 THEN now() ELSE tokens_valid_after END,
                authority_id = coalesce($5, authority_id),
                second_authority_id = CASE WHEN $6 THEN $7::uuid ELSE second_authority_id END
          WHERE id = $1 RETURNING ${columns}`,
        [before.id, active, roles, cut, primary, input.secondAuthority !== undefined, second],
      );
      if (!after) throw new Error(`user ${before.id} was locked FOR UPDATE above, yet the UPDATE found no row`);
      await this.audit.record(em, actor, { action: 'user.updated', entityType: 'user', entityId: before.id, before, after, reason });
      await this.sessions.announce(em, before.id);
      return after;
    });
    this.sessions.forget(user.id);
    return user;
  }

  async findByUsername(username: string): Promise<StaffUser | null> {
    return queryOne<StaffUser>(this.db, `SELECT ${columns} FROM access.users WHERE username = $1`, [username]);
  }

  async list(): Promise<StaffUser[]> {
    return queryRows<StaffUser>(this.db, `SELECT ${columns} FROM access.users ORDER BY username`);
  }

  /** Returns the user when the password matches an active account; otherwise null. */
  async authenticate(username: string, password: string): Promise<StaffUser | null> {
    const row = await queryOne<StaffUser & { passwordHash: string }>(
      this.db,
      `SELECT ${columns}, password_hash AS "passwordHash" FROM access.users WHERE username = $1 AND active`,
      [username],
    );
    // An unknown or inactive name costs the same scrypt as a wrong password: no enumeration by timing.
    const matches = await verifyPassword(password, row?.passwordHash ?? (await dummyPasswordHash()));
    if (!row || !matches) return null;
    const { passwordHash: _omit, ...user } = row;
    return user;
  }
}

/** The national authority's code (created by the migration); users of system actors default to it. */
export const NATIONAL_AUTHORITY = 'samr';

async function authorityIdOf(em: Pick<EntityManager, 'query'>, code: string, field: string): Promise<string> {
  const row = await queryOne<{ id: string }>(em, `SELECT id FROM access.authorities WHERE code = $1 AND active`, [code]);
  if (!row) throw problem(AuthorityProblems.unknown, `no active authority ${code}`, [fieldProblem(field, 'exists', 'an active authority code')]);
  return row.id;
}
