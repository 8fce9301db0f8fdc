import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, AUTHORITY_LEVELS, Authenticated, CurrentActor, fieldProblem, Permission, problem, CommonProblems, uuidParam } from '#qcr/platform';
import { AuthoritiesService } from './authorities.service.js';
import { UpdateAuthorityDto, UpdateAuthorityLevelDto, UpsertAuthorityDto } from './authorities.dto.js';

@ApiTags('authorities')
@Controller('api/v1')
export class AuthoritiesController {
  constructor(private readonly authorities: AuthoritiesService) {}

  @Get('authorities')
  @Authenticated()
  @ApiOperation({ summary: 'Market-supervision authorities (市场监管机关): level, region, parent' })
  list() {
    return this.authorities.list();
  }

  @Get('authority-levels')
  @Authenticated()
  @ApiOperation({ summary: 'Authority levels and whether their listing decisions need the upper level’s consent (报经上一级同意)' })
  levels() {
    return this.authorities.levels();
  }

  @Post('admin/authorities')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Create an authority, or change one by its code (audited)' })
  async upsert(@CurrentActor() actor: Actor, @Body() dto: UpsertAuthorityDto) {
    return (await this.authorities.upsert(actor, dto)).authority;
  }

  @Patch('admin/authorities/:authorityId')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Deactivate or reactivate an authority (audited)' })
  setActive(@CurrentActor() actor: Actor, @Param('authorityId', uuidParam('authorityId')) id: string, @Body() dto: UpdateAuthorityDto) {
    return this.authorities.setActive(actor, id, dto.active, dto.reason);
  }

  @Patch('admin/authority-levels/:level')
  @Allow(Permission.UserManage)
  @ApiOperation({ summary: 'Turn the upper-level consent step on or off for one level (audited)' })
  @ApiParam({ name: 'level', enum: AUTHORITY_LEVELS })
  setConsent(@CurrentActor() actor: Actor, @Param('level') level: string, @Body() dto: UpdateAuthorityLevelDto) {
    if (!(AUTHORITY_LEVELS as readonly string[]).includes(level)) {
      throw problem(CommonProblems.validation, `level must be one of ${AUTHORITY_LEVELS.join(', ')}`, [
        fieldProblem('level', 'isIn', AUTHORITY_LEVELS.join(', ')),
      ]);
    }
    return this.authorities.setUpperConsent(actor, level, dto.upperConsentRequired, dto.reason);
  }
}
