import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '#qcr/platform';

/** What readiness reports about the database server: the API's DatabaseRuntime satisfies it (restarts read live). */
export interface DatabaseServerStatus {
  readonly embedded: boolean;
  /** Unexpected exits of the embedded PostgreSQL the API brought back without a restart of its own (issue 25). */
  readonly restarts: number;
}

export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServerStatus,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database answers a ping',
    description:
      'Also reports whether the PostgreSQL server is the embedded one and how many times the API restarted it after it died ' +
      '(`details.databaseServer.restarts`; an operator alerts when it grows). 503 + Retry-After while the database is down.',
  })
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.serverStatus()]);
  }

  private serverStatus(): HealthIndicatorResult {
    return { databaseServer: { status: 'up', embedded: this.server.embedded, restarts: this.server.restarts } };
  }
}
