import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Allow, CommonProblems, fieldProblem, IsIsoDate, Permission, problem } from '#qcr/platform';
import { IsOptional } from 'class-validator';
import { createReadStream } from 'node:fs';
import { ExtractsService } from './extracts.service.js';

export class RunExtractQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'the extract’s date (default: today in Asia/Shanghai)' })
  @IsOptional()
  @IsIsoDate()
  date?: string;
}

const TYPES: Record<string, string> = { gz: 'application/gzip', json: 'application/json', sig: 'text/plain; charset=utf-8' };

/** Daily extracts (docs/changes.md): partners and staff who run checks download them; an administrator may build one now. */
@ApiTags('extracts')
@Controller('api/v1/extracts')
export class ExtractsController {
  constructor(private readonly extracts: ExtractsService) {}

  @Get()
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({ summary: 'Extracts kept, newest first, each with its manifest (files, SHA-256, rows, through cursor)' })
  list() {
    return this.extracts.list();
  }

  @Get('signing-key')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The registry’s Ed25519 public key (PEM) that signs every manifest' })
  key() {
    return this.extracts.publicKey();
  }

  @Post('run')
  @HttpCode(200)
  @Allow(Permission.AgencyManage)
  @ApiOperation({ summary: 'Build an extract now (administrators); an extract already built for the date is answered as it is' })
  run(@Query() q: RunExtractQueryDto, @Body() body: unknown) {
    const empty = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty)
      throw problem(CommonProblems.validation, 'this request takes no body (the date is a query parameter)', [
        fieldProblem('body', 'no_body', 'send no body, or {}'),
      ]);
    return this.extracts.run(q.date);
  }

  @Get(':date/:file')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiProduces('application/gzip', 'application/json', 'text/plain')
  @ApiOperation({ summary: 'One file of an extract: full|delta .csv.gz|.jsonl.gz, manifest.json, manifest.json.sig' })
  file(@Param('date') date: string, @Param('file') file: string) {
    const path = this.extracts.file(date, file);
    return new StreamableFile(createReadStream(path), { type: TYPES[file.split('.').pop()!], disposition: `attachment; filename="qcr-${date}-${file}"` });
  }
}
