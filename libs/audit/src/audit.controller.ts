import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Permission } from '#qcr/platform';
import { AuditQueryDto } from './audit.dto.js';
import { AuditChain } from './audit-chain.js';
import { AuditLog } from './audit-log.service.js';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly chain: AuditChain,
  ) {}

  @Get()
  @Allow(Permission.AuditRead)
  @ApiOperation({ summary: 'Audit log entries, newest first (审计日志)' })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Allow(Permission.AuditRead)
  @ApiOperation({ summary: 'Walk the hash chain and report the first broken link (校验哈希链)' })
  verify() {
    return this.chain.verify();
  }
}
