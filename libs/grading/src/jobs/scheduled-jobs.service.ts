import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BlacklistExpiry } from '#qcr/blacklist';
import { AppConfig, jobRunsTotal, systemActor } from '#qcr/platform';
import { RegradeRuns } from '../regrade-runs.service.js';
import { type JobName, type JobRun, JobRunsRepository } from './job-runs.repository.js';

export interface JobSchedule {
  job: JobName;
  cron: string;
  timezone: string;
  nextRun: string | null;
}

/**
 * The registry's own jobs (issue 15): 期满移出 (blacklist expiry) and the daily full regrade (records leaving their
 * windows, listings starting or ending), at configured cron times in Asia/Shanghai (DOMAIN.md §10). croner computes
 * the slots; every instance fires on every slot and the INSERT into grading.job_runs (primary key job + slot) lets
 * exactly one of them run it. Outcomes are rows (GET /api/v1/grading/jobs); failures are logged and kept with their
 * error. A slot missed while no instance was up is not caught up: the next slot does the same work.
 */
@Injectable()
export class ScheduledJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ScheduledJobs');
  private readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly crons = new Map<JobName, { cron: Cron; pattern: string }>();

  constructor(
    private readonly config: AppConfig,
    private readonly runs: JobRunsRepository,
    private readonly regrades: RegradeRuns,
    private readonly expiry: BlacklistExpiry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.QCR_JOBS_ENABLED) return;
    this.plan('blacklist-expiry', 'QCR_JOB_EXPIRY_CRON', async () => ({ expired: (await this.expiry.recordExpiries()).length }));
    this.plan('daily-regrade', 'QCR_JOB_REGRADE_CRON', async () => {
      const run = await this.regrades.start(systemActor('scheduled-regrade'), { wait: true });
      if (run.status !== 'completed') throw new Error(`regrade run ${run.id} ${run.status}: ${run.error ?? ''}`);
      return { runId: run.id, asOf: run.asOf, processed: run.processed, changed: run.changed };
    });
  }

  onApplicationShutdown(): void {
    for (const { cron } of this.crons.values()) cron.stop();
  }

  schedules(): JobSchedule[] {
    return [...this.crons.entries()].map(([job, { cron, pattern }]) => ({
      job,
      cron: pattern,
      timezone: this.config.QCR_JOBS_TIMEZONE,
      nextRun: cron.nextRun()?.toISOString() ?? null,
    }));
  }

  recentRuns(): Promise<JobRun[]> {
    return this.runs.recent();
  }

  private plan(job: JobName, variable: 'QCR_JOB_EXPIRY_CRON' | 'QCR_JOB_REGRADE_CRON', work: () => Promise<unknown>): void {
    const pattern = this.config[variable];
    // The slot is the scheduled instant, not the moment the timer woke: every instance names it alike.
    let slot: Date | null = null;
    let cron: Cron;
    try {
      cron = new Cron(pattern, { timezone: this.config.QCR_JOBS_TIMEZONE }, async () => {
        const due = slot ?? new Date();
        slot = cron.nextRun(due);
        await this.fire(job, due, work);
      });
    } catch (err) {
      // start-up stops here, naming the variable, rather than running without the job
      throw new Error(`Invalid configuration: ${variable} or QCR_JOBS_TIMEZONE: ${(err as Error).message}`, { cause: err });
    }
    slot = cron.nextRun();
    this.crons.set(job, { cron, pattern });
  }

  private async fire(job: JobName, due: Date, work: () => Promise<unknown>): Promise<void> {
    try {
      if (!(await this.runs.claim(job, due, this.instance))) return; // another instance has this slot
    } catch (err) {
      this.logger.error({ err, job, scheduledFor: due.toISOString() }, 'could not claim the scheduled job slot');
      return;
    }
    try {
      const result = await work();
      await this.runs.finish(job, due, { result });
      jobRunsTotal.inc({ job, outcome: 'completed' });
    } catch (err) {
      jobRunsTotal.inc({ job, outcome: 'failed' });
      this.logger.error({ err, job, scheduledFor: due.toISOString() }, 'scheduled job failed');
      await this.runs.finish(job, due, { error: String((err as Error)?.message ?? err) }).catch(() => undefined);
    }
  }
}
