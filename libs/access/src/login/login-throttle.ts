import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, problem, queryRows, querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { AccessProblems } from '../access.problems.js';
import { type BackoffRule, type LoginFailures, loginVerdict } from './login-backoff.js';

// Only a name that could be a user is counted against an account: other strings can never log in,
// and counting them would let anyone fill the table with one row per made-up name.
const USERNAME = /^[a-z][a-z0-9_.-]{2,63}$/;
// Rows whose window and lock ended long ago are pruned now and then, on a failure.
const PRUNE_EVERY = 100;

interface LoginSubject {
  subject: string;
  rule: BackoffRule;
}

/**
 * Per-account and per-address exponential backoff with a lockout window (issue 13 §2). The counters
 * live in PostgreSQL (access.login_failures) and use its clock, so every instance sees the same lock.
 */
@Injectable()
export class LoginThrottle {
  private readonly log = new Logger('Login');
  private readonly account: BackoffRule;
  private readonly address: BackoffRule;
  private failuresSincePrune = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
  ) {
    const windowMs = config.QCR_LOGIN_WINDOW_MINUTES * 60_000;
    const backoffBaseMs = config.QCR_LOGIN_BACKOFF_BASE_MS;
    this.account = { freeFailures: 3, maxFailures: config.QCR_LOGIN_MAX_FAILURES, windowMs, backoffBaseMs };
    // An address may hold many users (an office behind one NAT): its backoff starts at half its limit.
    const perAddress = config.QCR_LOGIN_MAX_FAILURES_PER_ADDRESS;
    this.address = { freeFailures: Math.ceil(perAddress / 2), maxFailures: perAddress, windowMs, backoffBaseMs };
  }

  /** The address first, always; the account when the name could be a user. */
  private subjects(username: string, address: string): [LoginSubject, ...LoginSubject[]] {
    const out: [LoginSubject, ...LoginSubject[]] = [{ subject: `addr:${address}`.slice(0, 105), rule: this.address }];
    if (USERNAME.test(username)) out.push({ subject: `user:${username}`, rule: this.account });
    return out;
  }

  /** Refuses (429 with Retry-After) while the account or the address is backing off or locked. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const subjects = this.subjects(username, address);
    const rows = await queryRows<LoginFailures & { subject: string | null; now: number }>(
      this.db,
      `SELECT f.subject, f.failures,
              extract(epoch FROM f.window_started_at)::float8 * 1000 AS "windowStartedAt",
              extract(epoch FROM f.last_failed_at)::float8 * 1000 AS "lastFailedAt",
              extract(epoch FROM f.locked_until)::float8 * 1000 AS "lockedUntil",
              extract(epoch FROM n.now)::float8 * 1000 AS now
         FROM (SELECT now() AS now) n LEFT JOIN access.login_failures f ON f.subject = ANY($1)`,
      [subjects.map((s) => s.subject)],
    );
    // A LEFT JOIN from the one-row `(SELECT now())`: there is always a first row.
    const [first] = rows;
    if (!first) throw new Error('login_failures read returned no row from a LEFT JOIN of one row');
    const now = first.now;
    for (const { subject, rule } of subjects) {
      const verdict = loginVerdict(
        rows.find((r) => r.subject === subject),
        now,
        rule,
      );
      if (verdict.allowed) continue;
      const retryAfter = Math.ceil(verdict.waitMs / 1000);
      this.log.warn(`login refused for ${username} from ${address}: ${subject.split(':')[0]} ${verdict.locked ? 'locked' : 'backing off'} for ${retryAfter} s`);
      throw problem(verdict.locked ? AccessProblems.loginLocked : AccessProblems.loginBackoff, `too many failed logins; try again in ${retryAfter} s`, [], {
        retryAfter,
      });
    }
  }

  /**
   * Counts this attempt as a failure *before* the password is checked, atomically per subject, so
   * attempts sent in parallel cannot all pass the check above before any is counted: an attempt
   * that takes a subject past its limit is refused without running scrypt. A success undoes it
   * (recordSuccess). Logged with the running counts.
   */
  async reserveAttempt(username: string, address: string): Promise<void> {
    const counts: string[] = [];
    let refusal: { retryAfter: number } | undefined;
    for (const { subject, rule } of this.subjects(username, address)) {
      const row = await querySingle<{ failures: number; totalFailures: number; retryAfter: number }>(
        this.db,
        `INSERT INTO access.login_failures AS f (subject, failures, total_failures, window_started_at, last_failed_at, locked_until)
         VALUES ($1, 1, 1, now(), now(), CASE WHEN $2::int <= 1 THEN now() + $3::interval END)
         ON CONFLICT (subject) DO UPDATE SET
           failures = CASE WHEN f.window_started_at + $3::interval <= now() THEN 1 ELSE f.failures + 1 END,
           window_started_at = CASE WHEN f.window_started_at + $3::interval <= now() THEN now() ELSE f.window_started_at END,
           total_failures = f.total_failures + 1,
           last_failed_at = now(),
           locked_until = CASE
             WHEN f.window_started_at + $3::interval <= now() THEN CASE WHEN $2::int <= 1 THEN now() + $3::interval END
             WHEN f.failures + 1 = $2::int THEN now() + $3::interval
             ELSE f.locked_until END
         RETURNING failures, total_failures AS "totalFailures",
                   ceil(greatest(extract(epoch FROM coalesce(locked_until, now()) - now()), 1))::int AS "retryAfter"`,
        [subject, rule.maxFailures, `${rule.windowMs} milliseconds`],
      );
      counts.push(`${subject.split(':')[0]} ${row.failures}/${rule.maxFailures} in window, ${row.totalFailures} in all`);
      if (row.failures > rule.maxFailures) refusal ??= { retryAfter: row.retryAfter };
    }
    this.log.warn(`login attempt for ${username} from ${address}: ${counts.join('; ')}${refusal ? ' — refused, over the limit' : ''}`);
    if (++this.failuresSincePrune >= PRUNE_EVERY) {
      this.failuresSincePrune = 0;
      await this.db.query(`DELETE FROM access.login_failures WHERE last_failed_at < now() - $1::interval AND (locked_until IS NULL OR locked_until < now())`, [
        `${this.account.windowMs} milliseconds`,
      ]);
    }
    if (refusal) {
      throw problem(AccessProblems.loginLocked, `too many failed logins; try again in ${refusal.retryAfter} s`, [], { retryAfter: refusal.retryAfter });
    }
  }

  /**
   * A successful login clears the account's failures, and takes back the attempt reserved against
   * the address (its other failures stay: one good account must not reset them).
   */
  async recordSuccess(username: string, address: string): Promise<void> {
    const addr = this.subjects(username, address)[0].subject;
    await this.db.query(`DELETE FROM access.login_failures WHERE subject = $1`, [`user:${username}`]);
    await this.db.query(`DELETE FROM access.login_failures WHERE subject = $1 AND failures <= 1`, [addr]);
    await this.db.query(
      `UPDATE access.login_failures SET failures = failures - 1, total_failures = total_failures - 1,
              locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END
        WHERE subject = $1 AND failures > 1`,
      [addr, this.address.maxFailures],
    );
  }
}
