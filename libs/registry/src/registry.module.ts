import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '#qcr/access';
import { AuditModule } from '#qcr/audit';
import { BlacklistModule } from '#qcr/blacklist';
import { ChangesModule } from '#qcr/changes';
import { EnterprisesModule } from '#qcr/enterprises';
import { CreditRecordsModule } from '#qcr/credit-records';
import { GradingModule } from '#qcr/grading';
import { JointMeasuresModule } from '#qcr/joint-measures';
import { AppConfig, BULK_DATA_SOURCE, createDataSource, PlatformModule, poolOf, ReadReplicas, routeReads, setBulkShare } from '#qcr/platform';
import { ReplicaLifecycle } from './replica-lifecycle.js';
import { PortalModule } from '#qcr/portal';
import { PublicRegisterModule } from '#qcr/public-register';
import { StatisticsModule } from '#qcr/statistics';
import { MetricsController } from './metrics.controller.js';
import { DATABASE_SERVER, type DatabaseServerStatus, HealthController } from './health.controller.js';
import { registryMigrations } from './migrations.js';

const contextModules = [
  AuditModule,
  AccessModule,
  EnterprisesModule,
  CreditRecordsModule,
  GradingModule,
  BlacklistModule,
  PortalModule,
  JointMeasuresModule,
  StatisticsModule,
  PublicRegisterModule,
  ChangesModule,
];

/** The composition root: platform, database, logging, and every bounded context. */
@Module({})
export class RegistryModule {
  /** `server`: what /health/ready reports about the database server (the API passes its runtime; tests and the CLI may not). */
  static forRoot(config: AppConfig, databaseUrl: string, server: DatabaseServerStatus = { embedded: false, restarts: 0 }): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => {
            const db = await createDataSource(databaseUrl, registryMigrations).initialize();
            if (config.DATABASE_READ_URLS) {
              // Checks read from streaming replicas; commits wait until the replicas serving them have replayed them.
              const replicas = new ReadReplicas(poolOf(db), config.DATABASE_READ_URLS.split(','), config.QCR_REPLICA_MAX_LAG_MS);
              await replicas.start();
              routeReads(db, replicas);
            }
            return db;
          },
        }),
        // Imports and regrade chunks: their own small pool, so bulk work never takes the requests' connections.
        TypeOrmModule.forRootAsync({
          name: BULK_DATA_SOURCE,
          useFactory: () => ({}),
          dataSourceFactory: async () => {
            setBulkShare(config.QCR_BULK_SHARE_PERCENT);
            return createDataSource(databaseUrl, registryMigrations, config.QCR_BULK_POOL_SIZE).initialize();
          },
        }),
        TerminusModule,
        ...contextModules,
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: DATABASE_SERVER, useValue: server }, ReplicaLifecycle],
      // Re-exported so the CLI can run any context's services.
      exports: contextModules,
    };
  }
}
