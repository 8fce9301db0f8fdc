import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, isPgError, PG, problem } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { AccessProblems } from './access.problems.js';
import type { Role } from './roles.js';
import { hashPassword, randomToken, verifyPassword } from './secrets.js';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  active: boolean;
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once, with the same scrypt parameters as real ones. */
const dummyPasswordHash = () => (dummy ??= hashPassword(randomToken(24)));

const columns = `id, username, display_name AS "displayName", roles, active`;

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly audit: AuditLog) {}

  async create(actor: Actor, input: { username: string; displayName: string; password: string; roles: Role[] }): Promise<StaffUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await inTransaction(this.db, async (em) => {
        const [user] = await em.query(
          `INSERT INTO access.users (username, display_name, password_hash, roles) VALUES ($1,$2,$3,$4) RETURNING ${columns}`,
          [input.username, input.displayName, passwordHash, input.roles],
        );
        await this.audit.record(em, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: user });
        return user;
      });
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) throw problem(AccessProblems.usernameTaken, `username ${input.username} is taken`);
      throw err;
    }
  }

  /** Sets the password of an existing user (demo seed and admin reset); audited. */
  async setPassword(actor: Actor, username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await inTransaction(this.db, async (em) => {
      const [[user]] = await em.query(
        `UPDATE access.users SET password_hash = $2, updated_at = now() WHERE username = $1 RETURNING id`,
        [username, passwordHash],
      );
      if (user) await this.audit.record(em, actor, { action: 'user.password-set', entityType: 'user', entityId: user.id });
    });
  }

  async findByUsername(username: string): Promise<StaffUser | null> {
    const [user] = await this.db.query(`SELECT ${columns} FROM access.users WHERE username = $1`, [username]);
    return user ?? null;
  }

  async list(): Promise<StaffUser[]> {
    return this.db.query(`SELECT ${columns} FROM access.users ORDER BY username`);
  }

  /** Returns the user when the password matches an active account; otherwise null. */
  async authenticate(username: string, password: string): Promise<StaffUser | null> {
    const [row] = await this.db.query(
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
