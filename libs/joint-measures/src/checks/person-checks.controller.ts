import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, FastLane, Permission } from '#qcr/platform';
import { PersonBatchCheckDto, PersonCheckDto } from './person-checks.dto.js';
import { PersonChecksService } from './person-checks.service.js';

@ApiTags('checks')
@Controller('api/v1/checks/persons')
export class PersonChecksController {
  constructor(private readonly checks: PersonChecksService) {}

  /** Served by PersonChecksFastLane (same guard, validation and answer); this method is its declaration and fallback. */
  @Post()
  @HttpCode(200)
  @FastLane('checks.person')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({
    summary: 'May this person be appointed or licensed? (任职资格核查) — restricted | clear, with the listings behind it and a receipt',
    description: 'The ID type and number go in the body, never in the URL; the answer never contains the number. Partners need office_holding or licensing.',
  })
  @ApiResponse({
    status: 400,
    description: 'PERSON.INVALID_ID_NUMBER naming the rule (length, alphabet, birth_date, id_check, format); PERSON.UNKNOWN_DOCUMENT_TYPE',
  })
  check(@CurrentActor() actor: Actor, @Body() dto: PersonCheckDto) {
    return this.checks.checkOne(actor, dto.idType, dto.idNumber, dto.purpose, dto.asOf);
  }

  @Post('batch')
  @HttpCode(200)
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'Check up to 1,000 persons for one purpose; one result and one receipt per input, invalid numbers reported per item' })
  batch(@CurrentActor() actor: Actor, @Body() dto: PersonBatchCheckDto) {
    return this.checks.checkBatch(actor, dto.persons, dto.purpose, dto.asOf);
  }
}
