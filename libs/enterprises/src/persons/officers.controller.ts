import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { AddOfficerDto, EndOfficerRoleDto } from './officers.dto.js';
import { OfficersService } from './officers.service.js';

@ApiTags('enterprises')
@Controller('api/v1/enterprises/:code/officers')
export class OfficersController {
  constructor(private readonly officers: OfficersService) {}

  @Get()
  @Allow(Permission.PersonRead)
  @ApiOperation({ summary: 'The enterprise’s responsible persons and their periods (法定代表人、董事、监事、高管), masked' })
  list(@Param('code') code: string) {
    return this.officers.list(code);
  }

  @Post()
  @HttpCode(201)
  @Allow(Permission.EnterpriseWrite)
  @ApiOperation({ summary: 'Record a director, supervisor, senior manager or principal with the period of the role' })
  @ApiResponse({
    status: 400,
    description: 'PERSON.INVALID_ID_NUMBER naming the rule (length, alphabet, birth_date, id_check, format); PERSON.UNKNOWN_DOCUMENT_TYPE',
  })
  @ApiResponse({ status: 409, description: 'PERSON.ROLE_OVERLAP' })
  add(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: AddOfficerDto) {
    return this.officers.add(actor, code, dto);
  }

  @Post(':roleId/end')
  @HttpCode(200)
  @Allow(Permission.EnterpriseWrite)
  @ApiOperation({ summary: 'End a role on a date (the row stays, with its period)' })
  end(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('roleId', uuidParam('roleId')) roleId: string, @Body() dto: EndOfficerRoleDto) {
    return this.officers.end(actor, code, roleId, dto);
  }
}
