import { Controller, Get, Header, type OnModuleInit } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Allow, metricsRegistry, Permission, queryOne, registerMetricProbe } from '#qcr/platform';
import type { DataSource } from 'typeorm';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Prometheus metrics (issue 21, docs/operations.md): on the API's own port, staff-only (`metrics.read`, the
 * administrator) — the numbers describe the registry's load and its jobs, which is not public; the scraper
 * authenticates as a staff user like any other client. Everything here is read at scrape time.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    const pool = () => (this.db.driver as unknown as { master?: PgPool }).master;
    registerMetricProbe('pool_total', () => pool()?.totalCount ?? null);
    registerMetricProbe('pool_idle', () => pool()?.idleCount ?? null);
    registerMetricProbe('pool_waiting', () => pool()?.waitingCount ?? null);
    registerMetricProbe('replica_lag', async () => {
      const row = await queryOne<{ lag: number | null }>(this.db, `SELECT extract(epoch FROM max(replay_lag))::float8 AS lag FROM pg_stat_replication`);
      return row?.lag ?? null;
    });
  }

  @Get()
  @Allow(Permission.MetricsRead)
  @Header('Content-Type', metricsRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: requests, checks, pool, jobs, check-log buffer, replica lag (运行指标)' })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
