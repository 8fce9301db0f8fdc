import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { replicasOf } from '#qcr/platform';
import type { DataSource } from 'typeorm';

/** Closes the read-replica pools (DATABASE_READ_URLS) with the app. */
@Injectable()
export class ReplicaLifecycle implements OnApplicationShutdown {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    await replicasOf(this.db)?.stop();
  }
}
