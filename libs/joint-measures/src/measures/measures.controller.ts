import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission } from '#qcr/platform';
import { CreateMeasureDto, ListMeasuresQueryDto, RetireMeasureDto, UpdateMeasureDto } from './measures.dto.js';
import { MeasuresService } from './measures.service.js';

@ApiTags('measures')
@Controller('api/v1/measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get()
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'The measure catalogue (联合奖惩措施目录)' })
  list(@Query() q: ListMeasuresQueryDto) {
    return this.measures.list(q.purpose, q.includeRetired === 'true');
  }

  @Get(':code')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'One measure' })
  get(@Param('code') code: string) {
    return this.measures.get(code);
  }

  @Post()
  @Allow(Permission.MeasureManage)
  @ApiOperation({ summary: 'Add a measure (audited)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeasureDto) {
    return this.measures.create(actor, dto);
  }

  @Patch(':code')
  @Allow(Permission.MeasureManage)
  @ApiOperation({ summary: 'Change a measure; `version` must be the one you read (audited)' })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateMeasureDto) {
    return this.measures.update(actor, code, dto);
  }

  @Delete(':code')
  @Allow(Permission.MeasureManage)
  @ApiOperation({ summary: 'Retire a measure: it stops applying to checks; old receipts keep naming it (audited)' })
  retire(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: RetireMeasureDto) {
    return this.measures.retire(actor, code, dto);
  }
}
