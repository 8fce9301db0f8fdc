import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission } from '#qcr/platform';
import { UpdateListTypeDto } from './list-types.dto.js';
import { ListTypesService } from './list-types.service.js';

@ApiTags('blacklist')
@Controller('api/v1/listing-types')
export class ListTypesController {
  constructor(private readonly types: ListTypesService) {}

  @Get()
  @Allow(Permission.ListingRead)
  @ApiOperation({ summary: 'List types with their term, statement period and repair minimum (configurable data)' })
  list() {
    return this.types.list();
  }

  @Put(':code')
  @Allow(Permission.ListTypeManage)
  @ApiOperation({ summary: 'Edit a list type (admin; body carries the version read and a reason; effective for listings proposed afterwards)' })
  @ApiResponse({ status: 404, description: 'BLACKLIST.LIST_TYPE_NOT_FOUND' })
  @ApiResponse({ status: 412, description: 'BLACKLIST.LIST_TYPE_STALE (someone changed it since it was read)' })
  @ApiResponse({ status: 422, description: 'BLACKLIST.INVALID_LIST_TYPE (e.g. repair minimum beyond the term)' })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateListTypeDto) {
    return this.types.update(actor, code, dto);
  }
}
