import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PersonDocumentDto } from '#qcr/enterprises';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { PersonPageService } from './person-page.service.js';

export class PersonPageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'open the sealed number (personal-data.read only; audited)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  reveal?: string;
}

@ApiTags('persons')
@Controller('api/v1/persons')
export class PersonsController {
  constructor(private readonly pages: PersonPageService) {}

  @Post('lookup')
  @HttpCode(200)
  @Allow(Permission.PersonRead)
  @ApiOperation({ summary: 'Find a responsible person by identity document (in the body, never the URL); audited' })
  @ApiResponse({ status: 404, description: 'PERSON.NOT_FOUND' })
  lookup(@CurrentActor() actor: Actor, @Body() dto: PersonDocumentDto) {
    return this.pages.lookup(actor, dto.idType, dto.idNumber);
  }

  @Get(':personId')
  @Allow(Permission.PersonRead)
  @ApiOperation({ summary: '个人质量信用档案: roles across enterprises over time and the listings naming the person; every view audited' })
  page(@CurrentActor() actor: Actor, @Param('personId', uuidParam('personId')) personId: string, @Query() q: PersonPageQueryDto) {
    return this.pages.page(actor, personId, q.reveal === 'true');
  }
}
