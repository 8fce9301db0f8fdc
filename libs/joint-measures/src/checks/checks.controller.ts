import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, Allow, CommonProblems, createValidationPipe, CurrentActor, FastLane, Permission, problem, ReturnsHeaders, uuidParam } from '#qcr/platform';
import { CheckProblems } from '../joint-measures.problems.js';
import { batchToCsv } from './batch-csv.js';
import { CheckLogReader } from './check-log.reader.js';
import { BatchCheckDto, CheckLogQueryDto, CheckQueryDto, FeedbackDto, FeedbackStatsQueryDto, ReceiptListQueryDto } from './checks.dto.js';
import { ChecksService, MAX_BATCH } from './checks.service.js';
import { ReceiptsService } from './receipts.service.js';
import { readSupplierList, type SupplierList } from './supplier-list.js';

const CSV_UPLOAD_LIMIT = 4 * 1024 * 1024;
const pipe = createValidationPipe();

@ApiTags('checks')
@Controller('api/v1/checks')
export class ChecksController {
  constructor(
    private readonly checks: ChecksService,
    private readonly receipts: ReceiptsService,
    private readonly checkLog: CheckLogReader,
  ) {}

  @Get('feedback-stats')
  @Allow(Permission.CheckStatsRead)
  @ApiOperation({ summary: 'Checks and feedback rates per agency and purpose (应查必查、反馈率)' })
  feedbackStats(@Query() q: FeedbackStatsQueryDto) {
    return this.receipts.feedbackStats(q.from, q.to);
  }

  @Get('purposes')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'The purposes the caller may check (a partner: its agency’s); also confirms a partner key works' })
  purposes(@CurrentActor() actor: Actor) {
    return this.checks.allowedPurposes(actor);
  }

  // Declared before ':code' so that "receipts" and "feedback" are not read as enterprise codes.
  @Get('receipts')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'My check receipts (a partner: its agency’s; staff: their own checks), newest first; feedback=missing|given' })
  listReceipts(@CurrentActor() actor: Actor, @Query() q: ReceiptListQueryDto) {
    return this.receipts.list(actor, q);
  }

  @Get('feedback')
  @Allow(Permission.CheckStatsRead)
  @ApiOperation({ summary: 'The feedback queue: receipts that have feedback (反馈), every agency, newest check first' })
  feedbackQueue(@Query() q: ReceiptListQueryDto) {
    return this.receipts.feedbackQueue(q);
  }

  // Declared before ':code' so that "log" is not read as an enterprise code.
  @Get('log')
  @Allow(Permission.AuditRead)
  @ApiOperation({ summary: 'The check log (核查日志): who asked about whom, for what purpose and when; newest first, cursor-paged; reading it is audited' })
  log(@CurrentActor() actor: Actor, @Query() q: CheckLogQueryDto) {
    return this.checkLog.read(actor, q);
  }

  @Get('receipts/:receiptId')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'A check receipt and its feedback; partners see only their own agency’s receipts' })
  receipt(@CurrentActor() actor: Actor, @Param('receiptId', uuidParam('receiptId')) receiptId: string) {
    return this.receipts.get(actor, receiptId);
  }

  @Post('receipts/:receiptId/feedback')
  @HttpCode(201)
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'Report the measure applied, or why not (反馈)' })
  feedback(@CurrentActor() actor: Actor, @Param('receiptId', uuidParam('receiptId')) receiptId: string, @Body() dto: FeedbackDto) {
    return this.receipts.giveFeedback(actor, receiptId, dto);
  }

  @Post('batch')
  @HttpCode(200)
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({
    summary: 'Check up to 10,000 codes for one purpose (批量核查)',
    description:
      'JSON body, or multipart/form-data with fields purpose, asOf, sheet? and a file: CSV (UTF-8 with or without BOM, GBK, GB18030), .xlsx or pasted text ' +
      '(tabs, commas, semicolons); the column headed 统一社会信用代码 / 组织机构代码 / 代码 / code / uscc, else found by content. Items carry `line`; rows without a code are in `source.skipped`. ' +
      'One result and one receipt per input, in input order; invalid codes are reported per item. Accept: text/csv returns CSV.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiProduces('application/json', 'text/csv')
  @ReturnsHeaders('Content-Disposition')
  @ApiBody({ type: BatchCheckDto })
  async batch(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ) {
    const upload = req.isMultipart() ? await this.fromMultipart(req, query) : null;
    const input = upload ? upload.input : body;
    if (Array.isArray((input as { codes?: unknown })?.codes) && (input as { codes: unknown[] }).codes.length > MAX_BATCH) {
      throw problem(CheckProblems.batchTooLarge, `${(input as { codes: unknown[] }).codes.length} codes; at most ${MAX_BATCH} per batch`);
    }
    const dto = (await pipe.transform(input, { type: 'body', metatype: BatchCheckDto })) as BatchCheckDto;
    const result = await this.checks.checkBatch(actor, dto.codes, dto.purpose, dto.asOf);
    if (upload) {
      // where each answer came from in the office's file, so a rejected row can be found (issue 17)
      for (const r of result.results) r.line = upload.list.rows[r.index]?.line;
      const { format, encoding, sheet, skipped } = upload.list;
      result.source = { format, ...(encoding ? { encoding } : {}), ...(sheet ? { sheet } : {}), skipped };
    }
    if (wantsCsv(req)) {
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="checks-${result.purpose}-${result.asOf}.csv"`);
      return batchToCsv(result);
    }
    return result;
  }

  /** Served by ChecksFastLane (same guard, validation and answer); this method is its declaration and fallback. */
  @Get(':code')
  @FastLane('checks.single')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'May this enterprise be granted this? (联合奖惩核查) — restricted | priority | clear | not_registered' })
  @ApiOkResponse({ description: 'verdict, enterprise, grade and listings on the date, applicable measures with legal basis, receipt' })
  check(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: CheckQueryDto) {
    return this.checks.checkOne(actor, code, q.purpose, q.asOf);
  }

  /** Fields (purpose, asOf) may come as form fields or in the query string; the file holds the codes. */
  private async fromMultipart(req: FastifyRequest, query: Record<string, unknown>): Promise<{ input: Record<string, unknown>; list: SupplierList }> {
    const fields: Record<string, unknown> = { ...query };
    let buffer: Buffer | undefined;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        buffer = await readLimited(part);
      } else if (['purpose', 'asOf', 'sheet'].includes(part.fieldname)) {
        fields[part.fieldname] = part.value;
      }
    }
    if (!buffer)
      throw problem(CommonProblems.validation, 'multipart upload needs a file part', [
        { field: 'file', rule: 'required', message: 'a CSV or .xlsx file is required' },
      ]);
    const sheet = typeof fields.sheet === 'string' && fields.sheet !== '' ? fields.sheet : undefined;
    delete fields.sheet;
    const list = await readListOrProblem(buffer, sheet);
    return { input: { ...fields, codes: list.rows.map((r) => r.code) }, list };
  }
}

async function readListOrProblem(buffer: Buffer, sheet: string | undefined): Promise<SupplierList> {
  try {
    return await readSupplierList(buffer, MAX_BATCH, sheet);
  } catch (err) {
    if ((err as { getStatus?: unknown }).getStatus) throw err; // already a problem
    throw problem(CheckProblems.badCsv, (err as Error).message);
  }
}

async function readLimited(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file) {
    size += (chunk as Buffer).length;
    if (size > CSV_UPLOAD_LIMIT) throw problem(CommonProblems.payloadTooLarge, `CSV file larger than ${CSV_UPLOAD_LIMIT} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function wantsCsv(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return /text\/csv/i.test(accept) && !/application\/json/i.test(accept.split(',')[0] ?? '');
}
