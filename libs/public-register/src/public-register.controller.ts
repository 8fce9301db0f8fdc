import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '#qcr/platform';
import { PublicSearchQueryDto } from './public-register.dto.js';
import { PublicRegister } from './public-register.service.js';

@ApiTags('public')
@Controller('api/v1/public/enterprises')
export class PublicRegisterController {
  constructor(private readonly register: PublicRegister) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public name search (社会监督): public fields and the published grade; no personal data' })
  search(@Query() query: PublicSearchQueryDto) {
    return this.register.search(query);
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'Public view of an enterprise (社会监督): record, published grade and listings in force; no personal data' })
  @ApiResponse({ status: 400, description: 'ENTERPRISE.INVALID_CODE with errors[{field:"code", rule}] (length, alphabet, uscc_check, org_check)' })
  @ApiResponse({ status: 404, description: 'ENTERPRISE.NOT_FOUND' })
  get(@Param('code') code: string) {
    return this.register.enterprise(code);
  }
}
