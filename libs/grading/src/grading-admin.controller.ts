import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission, Public, uuidParam } from '#qcr/platform';
import { ActivateModelDto, CreateInspectionPlanDto, LoadModelDto, StartRunDto } from './grading.dto.js';
import { GradingModels } from './grading-models.service.js';
import { InspectionPlans } from './inspection-plans.service.js';
import { ScheduledJobs } from './jobs/scheduled-jobs.service.js';
import { RegradeRuns } from './regrade-runs.service.js';

@ApiTags('grading')
@Controller('api/v1')
export class GradingAdminController {
  constructor(
    private readonly runs: RegradeRuns,
    private readonly models: GradingModels,
    private readonly plans: InspectionPlans,
    private readonly jobs: ScheduledJobs,
  ) {}

  @Get('grading/jobs')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: "The registry's scheduled jobs (expiry, daily regrade): cron, time zone, next run, and the 50 latest runs with outcome" })
  async listJobs() {
    return { schedules: this.jobs.schedules(), runs: await this.jobs.recentRuns() };
  }

  @Post('grading/runs')
  @HttpCode(202)
  @Allow(Permission.GradeRun)
  @ApiOperation({ summary: 'Start a full regrade with the active model (chunked, resumable); poll GET …/runs/{id}' })
  start(@CurrentActor() actor: Actor, @Body() dto: StartRunDto) {
    return this.runs.start(actor, dto);
  }

  @Get('grading/runs')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'Regrade runs, newest first, with their progress' })
  listRuns() {
    return this.runs.list();
  }

  @Get('grading/runs/:id')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'Run progress: processed, changed, last enterprise id, status' })
  getRun(@Param('id', uuidParam('id')) id: string) {
    return this.runs.get(id);
  }

  @Post('grading/runs/:id/resume')
  @HttpCode(202)
  @Allow(Permission.GradeRun)
  @ApiOperation({ summary: 'Resume an interrupted or failed run after its last committed chunk' })
  resume(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.runs.resume(actor, id);
  }

  @Get('grading/models')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'Grading model versions and which one is active' })
  listModels() {
    return this.models.list();
  }

  @Get('grading/models/:version')
  @Allow(Permission.GradeRead)
  @ApiOperation({ summary: 'One grading model version: indicators, weights, grade bands' })
  getModel(@Param('version') version: string) {
    return this.models.get(version);
  }

  @Post('grading/models')
  @Allow(Permission.GradeModelManage)
  @ApiOperation({ summary: 'Load a new model version and make it active (then start a regrade run); activate: false stores it for review' })
  loadModel(@CurrentActor() actor: Actor, @Body() dto: LoadModelDto) {
    return this.models.load(actor, dto.model, dto.reason, dto.activate ?? true);
  }

  @Post('grading/models/:version/activate')
  @HttpCode(200)
  @Allow(Permission.GradeModelManage)
  @ApiOperation({ summary: 'Make a stored model version the active one (audited; then start a regrade run)' })
  @ApiResponse({ status: 404, description: 'GRADING.MODEL_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'GRADING.MODEL_ALREADY_ACTIVE' })
  activateModel(@CurrentActor() actor: Actor, @Param('version') version: string, @Body() dto: ActivateModelDto) {
    return this.models.activate(actor, version, dto.reason);
  }

  @Get('inspection-plans')
  @Allow(Permission.InspectionPlan)
  @ApiOperation({ summary: 'Inspection plans, newest first (100): title, scope, period, status, number of enterprises drawn' })
  listPlans() {
    return this.plans.list();
  }

  @Post('inspection-plans')
  @Allow(Permission.InspectionPlan)
  @ApiOperation({ summary: '双随机: draw an inspection plan at each grade’s rate, inspectors at random, from a recorded seed' })
  createPlan(@CurrentActor() actor: Actor, @Body() dto: CreateInspectionPlanDto) {
    return this.plans.create(actor, dto);
  }

  @Get('inspection-plans/:id')
  @Allow(Permission.InspectionPlan)
  @ApiOperation({ summary: 'An inspection plan with its enterprises and assigned inspectors' })
  getPlan(@Param('id', uuidParam('id')) id: string) {
    return this.plans.get(id, false);
  }

  @Post('inspection-plans/:id/publish')
  @HttpCode(200)
  @Allow(Permission.InspectionPlan)
  @ApiOperation({ summary: '一公开: publish the plan' })
  publishPlan(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.plans.publish(actor, id);
  }

  @Get('public/inspection-plans/:id')
  @Public()
  @ApiOperation({ summary: 'A published inspection plan (public): enterprises, grades and inspector counts; no internal ids or inspector names' })
  publicPlan(@Param('id', uuidParam('id')) id: string) {
    return this.plans.publicView(id);
  }
}
