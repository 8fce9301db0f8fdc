import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { msUntilNextRun } from './expiry-schedule.js';
import { RemovalsService } from './removals.service.js';

/**
 * The daily 期满移出 run. Reads never depend on it (a listing past its end reads as ended), so a
 * missed run only delays the recorded removal, not the lifting of restrictions.
 */
@Injectable()
export class ExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BlacklistExpiryJob');
  private timer?: NodeJS.Timeout;

  constructor(private readonly removals: RemovalsService) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.run(), msUntilNextRun(Date.now()));
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      const expired = await this.removals.recordExpiries();
      if (expired.length) this.logger.log(`recorded ${expired.length} expiries`);
    } catch (err) {
      this.logger.error({ err }, 'expiry run failed');
    } finally {
      this.schedule();
    }
  }
}
