import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '#qcr/platform';
import { ChangesRepository } from './changes.repository.js';

const HOUR_MS = 3_600_000;

/** Purges events past QCR_CHANGES_RETENTION_DAYS, hourly; every instance may run it (a DELETE twice is harmless). */
@Injectable()
export class ChangesRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ChangesRetention');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: ChangesRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.purge().catch((err) => this.log.warn(`retention purge failed: ${(err as Error).message}`));
    }, HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Events recorded before `now − retention` go; the horizon remembers the newest cursor that went. */
  purge(now = new Date()): Promise<number> {
    return this.repo.purge(new Date(now.getTime() - this.config.QCR_CHANGES_RETENTION_DAYS * 24 * HOUR_MS));
  }
}
