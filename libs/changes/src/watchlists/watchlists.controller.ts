import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { readSupplierList } from '#qcr/joint-measures';
import { type Actor, Allow, CommonProblems, createValidationPipe, CurrentActor, Permission, problem } from '#qcr/platform';
import { ChangeProblems } from '../changes.problems.js';
import { MAX_WATCHED_CODES, PutWatchlistDto, WATCHLIST_NAME, WatchlistAgencyQueryDto } from './watchlists.dto.js';
import { WatchlistsService } from './watchlists.service.js';

/** 100,000 codes as an .xlsx or a GBK CSV with a name column stay well under this. */
const FILE_LIMIT = 16 * 1024 * 1024;
const pipe = createValidationPipe();

function checkName(name: string): string {
  if (!WATCHLIST_NAME.test(name)) {
    throw problem(CommonProblems.validation, 'name: 1–64 of A–Z a–z 0–9 _ -', [
      { field: 'name', rule: 'pattern', message: 'name must be 1–64 of A–Z a–z 0–9 _ -' },
    ]);
  }
  return name;
}

/** An agency's watchlists (partners: their own; administrators with agency.manage: any agency's, `?agency=`). */
@ApiTags('watchlists')
@Controller('api/v1/watchlists')
export class WatchlistsController {
  constructor(private readonly watchlists: WatchlistsService) {}

  @Get()
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'The agency’s watchlists with their counts (codes, unknown, invalid)' })
  list(@CurrentActor() actor: Actor, @Query() q: WatchlistAgencyQueryDto) {
    return this.watchlists.list(actor, q.agency);
  }

  @Get(':name')
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'One watchlist: purpose, counts of codes, unknown (no enterprise carries them yet) and invalid codes' })
  get(@CurrentActor() actor: Actor, @Param('name') name: string, @Query() q: WatchlistAgencyQueryDto) {
    return this.watchlists.get(actor, checkName(name), q.agency);
  }

  @Put(':name')
  @HttpCode(200)
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({
    summary: `Replace a watchlist (≤ ${MAX_WATCHED_CODES} codes): JSON, or multipart with \`purpose\` and a CSV/.xlsx file; answers the difference`,
    description: 'The file is read like the batch check’s supplier list (docs/checks.md). More than 100,000 codes → 413 WATCHLISTS.TOO_LARGE.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: PutWatchlistDto })
  async put(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Param('name') name: string, @Query() q: WatchlistAgencyQueryDto, @Body() body: unknown) {
    checkName(name);
    const input = req.isMultipart() ? await fromMultipart(req) : body;
    const codes = (input as { codes?: unknown })?.codes;
    if (Array.isArray(codes) && codes.length > MAX_WATCHED_CODES) {
      throw problem(ChangeProblems.watchlistTooLarge, `${codes.length} codes; at most ${MAX_WATCHED_CODES} per watchlist`);
    }
    const dto = (await pipe.transform(input, { type: 'body', metatype: PutWatchlistDto })) as PutWatchlistDto;
    return this.watchlists.put(actor, name, dto, q.agency);
  }

  @Delete(':name')
  @HttpCode(204)
  @Allow(Permission.AgencyManage, { partner: true })
  @ApiOperation({ summary: 'Delete a watchlist (audited)' })
  async remove(@CurrentActor() actor: Actor, @Param('name') name: string, @Query() q: WatchlistAgencyQueryDto) {
    await this.watchlists.remove(actor, checkName(name), q.agency);
  }
}

async function fromMultipart(req: FastifyRequest): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  let buffer: Buffer | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') buffer = await readLimited(part);
    else if (part.fieldname === 'purpose') fields.purpose = part.value;
  }
  if (!buffer)
    throw problem(CommonProblems.validation, 'multipart upload needs a file part', [
      { field: 'file', rule: 'required', message: 'a CSV or .xlsx file is required' },
    ]);
  try {
    const list = await readSupplierList(buffer, MAX_WATCHED_CODES);
    return { ...fields, codes: list.rows.map((r) => r.code) };
  } catch (err) {
    if ((err as { getStatus?: unknown }).getStatus) throw err;
    throw problem(ChangeProblems.badList, (err as Error).message, [
      { field: 'file', rule: 'readable', message: 'save the list as CSV (UTF-8 or GBK) or .xlsx' },
    ]);
  }
}

async function readLimited(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file) {
    size += (chunk as Buffer).length;
    if (size > FILE_LIMIT) throw problem(CommonProblems.payloadTooLarge, `file larger than ${FILE_LIMIT} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
