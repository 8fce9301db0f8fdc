import { Controller, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CommonProblems, CurrentActor, Permission, problem } from '#qcr/platform';
import type { Readable } from 'node:stream';
import { GradeHistoryImporter } from './grade-history-importer.service.js';

interface ImportRequest {
  body?: unknown;
  isMultipart?: () => boolean;
  file?: () => Promise<{ file: Readable; filename: string } | undefined>;
}

// A history file is small next to the register (one line per enterprise and period); above this, use the CLI.
const MAX_BYTES = 20 * 1024 * 1024;

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES)
      throw problem(CommonProblems.validation, `file larger than ${MAX_BYTES} bytes`, [
        { field: 'file', rule: 'maxSize', message: `at most ${MAX_BYTES} bytes; use cli import grade-history` },
      ]);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks); // decoded by the shared table reader (UTF-8, GBK/GB18030, .xlsx)
}

/** The staff upload of past grades (issue 15); the same importer as `cli import grade-history`. */
@ApiTags('grading')
@Controller('api/v1/grading')
export class GradeHistoryImportController {
  constructor(private readonly importer: GradeHistoryImporter) {}

  @Post('history-imports')
  @Allow(Permission.GradeRun)
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary:
      'Import past grades from CSV (历史评价导入): all or nothing (422 GRADING.HISTORY_INVALID with every row error), idempotent; columns in docs/grading.md',
  })
  async import(@CurrentActor() actor: Actor, @Req() req: ImportRequest, @Query('fileName') fileName?: string) {
    if (req.isMultipart?.()) {
      const part = await req.file!();
      if (!part)
        throw problem(CommonProblems.validation, 'multipart body has no file', [{ field: 'file', rule: 'required', message: 'attach the CSV as a file part' }]);
      return this.importer.importCsv(await bytes(part.file), actor, part.filename);
    }
    const body = req.body as Readable | undefined;
    if (body && typeof (body as { pipe?: unknown }).pipe === 'function') return this.importer.importCsv(await bytes(body), actor, fileName ?? 'upload.csv');
    throw problem(CommonProblems.unsupportedMediaType, 'send the CSV as multipart/form-data (field "file") or as text/csv');
  }
}
