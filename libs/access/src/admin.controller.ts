import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { CreateAgencyDto, CreateUserDto, IssueKeyDto, RevokeKeyDto, UpdateUserDto } from './access.dto.js';
import { AgenciesService } from './agencies.service.js';
import { UsersService } from './users.service.js';

@ApiTags('admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get('users')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Staff users (工作人员)' })
  listUsers() {
    return this.users.list();
  }

  @Post('users')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Create a staff user' })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch('users/:userId')
  @Allow(Permission.UserManage)
  @ApiOperation({
    summary: "Deactivate/activate a staff user, change their roles or authority (or grant a second); deactivation or a role cut voids the user's tokens",
  })
  updateUser(@CurrentActor() actor: Actor, @Param('userId', uuidParam('userId')) userId: string, @Body() dto: UpdateUserDto) {
    return this.users.update(
      actor,
      userId,
      { active: dto.active, roles: dto.roles, authority: dto.authority, secondAuthority: dto.secondAuthority },
      dto.reason,
    );
  }

  @Get('agencies')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Partner agencies (合作部门)' })
  listAgencies() {
    return this.agencies.list();
  }

  @Post('agencies')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Register a partner agency with its allowed purposes' })
  createAgency(@CurrentActor() actor: Actor, @Body() dto: CreateAgencyDto) {
    return this.agencies.create(actor, dto);
  }

  @Get('agencies/:agencyId/keys')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: "An agency's API keys (without secrets)" })
  listKeys(@Param('agencyId', uuidParam('agencyId')) agencyId: string) {
    return this.agencies.listKeys(agencyId);
  }

  @Post('agencies/:agencyId/keys')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Issue an API key; the key is shown once in this response' })
  @ApiCreatedResponse({ description: 'contains `key`, never retrievable again' })
  issueKey(@CurrentActor() actor: Actor, @Param('agencyId', uuidParam('agencyId')) agencyId: string, @Body() dto: IssueKeyDto) {
    return this.agencies.issueKey(actor, agencyId, dto);
  }

  @Delete('keys/:keyId')
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Revoke an API key (takes effect at once)' })
  revokeKey(@CurrentActor() actor: Actor, @Param('keyId', uuidParam('keyId')) keyId: string, @Body() dto: RevokeKeyDto) {
    return this.agencies.revokeKey(actor, keyId, dto.reason);
  }
}
