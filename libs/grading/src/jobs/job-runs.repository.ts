import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows, selectList } from '#qcr/platform';
import type { DataSource } from 'typeorm';

export type JobName = 'blacklist-expiry' | 'daily-regrade';

export interface JobRun {
  job: JobName;
  scheduledFor: string;
  instance: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  result: unknown;
  error: string | null;
}

/** A grading.job_runs row as pg answers it: timestamps as Date. */
interface JobRunRow extends Omit<JobRun, 'scheduledFor' | 'startedAt' | 'finishedAt'> {
  scheduledFor: Date;
  startedAt: Date;
  finishedAt: Date | null;
}
const JOB_RUN_COLUMNS = selectList<JobRunRow>({
  job: 'job',
  scheduledFor: 'scheduled_for',
  instance: 'instance',
  status: 'status',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  result: 'result',
  error: 'error',
});

const toRun = (r: JobRunRow): JobRun => ({
  ...r,
  scheduledFor: new Date(r.scheduledFor).toISOString(),
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
});

/** grading.job_runs: one row per (job, scheduled slot); the INSERT is the claim. */
@Injectable()
export class JobRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** true when this instance won the slot (the primary key makes every other claim a no-op). */
  async claim(job: JobName, scheduledFor: Date, instance: string): Promise<boolean> {
    const rows = await queryRows<{ job: JobName }>(
      this.dataSource,
      `INSERT INTO grading.job_runs (job, scheduled_for, instance) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING job`,
      [job, scheduledFor.toISOString(), instance],
    );
    return rows.length === 1;
  }

  async finish(job: JobName, scheduledFor: Date, outcome: { result: unknown } | { error: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE grading.job_runs SET status = $3, finished_at = now(), result = $4, error = $5 WHERE job = $1 AND scheduled_for = $2 AND status = 'running'`,
      [
        job,
        scheduledFor.toISOString(),
        'error' in outcome ? 'failed' : 'completed',
        'result' in outcome ? JSON.stringify(outcome.result) : null,
        'error' in outcome ? outcome.error.slice(0, 2000) : null,
      ],
    );
  }

  async recent(limit = 50): Promise<JobRun[]> {
    const rows = await queryRows<JobRunRow>(this.dataSource, `SELECT ${JOB_RUN_COLUMNS} FROM grading.job_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
    return rows.map(toRun);
  }
}
