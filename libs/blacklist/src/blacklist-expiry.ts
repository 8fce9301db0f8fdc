import { Injectable } from '@nestjs/common';
import { RemovalsService } from './removals.service.js';

/**
 * 期满移出 as a facade for the registry's scheduler (grading's ScheduledJobs runs it at QCR_JOB_EXPIRY_CRON, once
 * across instances). Reads never depend on it: a listing past its planned end reads as ended; the run records it.
 */
@Injectable()
export class BlacklistExpiry {
  constructor(private readonly removals: RemovalsService) {}

  /** Ids of the listings whose expiry was recorded now. */
  recordExpiries(): Promise<string[]> {
    return this.removals.recordExpiries();
  }
}
