import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, uuidParam } from '#qcr/platform';
import { AsOfQuery, ListOverridesQuery, ProposeOverrideDto, ReviewOverrideDto } from './grading.dto.js';
import { GradingService } from './grading.service.js';
import { GradeOverrides } from './overrides.service.js';

@ApiTags('grading')
@Controller('api/v1')
export class GradesController {
  constructor(
    private readonly grading: GradingService,
    private readonly overrides: GradeOverrides,
  ) {}

  @Get('enterprises/:code/grade')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'The grade on a date (default today) with score, model version, override flag and explanation' })
  grade(@Param('code') code: string, @Query() q: AsOfQuery) {
    return this.grading.gradeOf(code, q.asOf);
  }

  @Get('enterprises/:code/grades')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'Grade history (effective-dated), newest first, each with its explanation' })
  history(@Param('code') code: string) {
    return this.grading.historyOf(code);
  }

  @Post('enterprises/:code/grade-overrides')
  @Allow(Permission.GradeOverridePropose)
  @ApiOperation({ summary: 'Propose an override of the grade (grader); takes effect once a different reviewer approves' })
  propose(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ProposeOverrideDto) {
    return this.overrides.propose(actor, code, dto.grade, dto.reason);
  }

  @Get('grade-overrides')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'Overrides, newest first' })
  list(@Query() q: ListOverridesQuery) {
    return this.overrides.list(q.status);
  }

  @Post('grade-overrides/:id/review')
  @HttpCode(200)
  @Allow(Permission.GradeOverrideApprove)
  @ApiOperation({ summary: 'Approve or reject an override (four-eyes: never the proposer → 403 GRADING.FOUR_EYES)' })
  review(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ReviewOverrideDto) {
    return this.overrides.review(actor, id, dto.decision, dto.reason);
  }
}
