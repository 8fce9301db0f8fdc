import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins per account (`user:<name>`) and per client address (`addr:<ip>`), kept in the
 * database so a lockout survives a restart and holds across instances (issue 13 §2).
 */
export class LoginFailures1764210000000 implements MigrationInterface {
  name = 'LoginFailures1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access.login_failures (
        subject            text PRIMARY KEY CHECK (subject ~ '^(user|addr):.{1,100}$'),
        failures           integer NOT NULL CHECK (failures > 0),
        total_failures     bigint NOT NULL CHECK (total_failures >= failures),
        window_started_at  timestamptz NOT NULL,
        last_failed_at     timestamptz NOT NULL,
        locked_until       timestamptz
      )`);
    await q.query(`CREATE INDEX login_failures_last_idx ON access.login_failures (last_failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access.login_failures`);
  }
}
