import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs of the registry's scheduled jobs (issue 15). The primary key (job, scheduled_for) is the
 * once-per-schedule guarantee: every instance fires on the same slot, the first INSERT wins, the
 * others see the conflict and stand down — no leader election, no clock agreement beyond the slot.
 */
export class JobRuns1764500001000 implements MigrationInterface {
  name = 'JobRuns1764500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grading.job_runs (
        job            text NOT NULL CHECK (job IN ('blacklist-expiry', 'daily-regrade')),
        scheduled_for  timestamptz NOT NULL,
        instance       text NOT NULL,
        status         text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        started_at     timestamptz NOT NULL DEFAULT now(),
        finished_at    timestamptz,
        result         jsonb,
        error          text,
        PRIMARY KEY (job, scheduled_for),
        CHECK ((status = 'running') = (finished_at IS NULL))
      )`);
    await q.query(`CREATE INDEX job_runs_recent ON grading.job_runs (started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grading.job_runs`);
  }
}
