import { Controller, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CommonProblems, CurrentActor, Permission, problem } from '#qcr/platform';
import type { Readable } from 'node:stream';
import { CreditRecordsImporter } from './credit-records-importer.service.js';

interface ImportRequest {
  body?: unknown;
  isMultipart?: () => boolean;
  file?: () => Promise<{ file: Readable; filename: string } | undefined>;
}

@ApiTags('credit records')
@Controller('api/v1/credit-records')
export class CreditRecordsImportController {
  constructor(private readonly importer: CreditRecordsImporter) {}

  @Post('import')
  @Allow(Permission.CreditWrite)
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Bulk import of credit records from CSV (批量导入信用信息): per-row errors, idempotent; columns in docs/grading.md',
  })
  async import(@CurrentActor() actor: Actor, @Req() req: ImportRequest, @Query('fileName') fileName?: string) {
    if (req.isMultipart?.()) {
      const part = await req.file!();
      if (!part)
        throw problem(CommonProblems.validation, 'multipart body has no file', [{ field: 'file', rule: 'required', message: 'attach the CSV as a file part' }]);
      return this.importer.importCreditRecordsCsv(part.file, actor, { fileName: part.filename });
    }
    const body = req.body as Readable | undefined;
    if (body && typeof (body as { pipe?: unknown }).pipe === 'function') {
      return this.importer.importCreditRecordsCsv(body, actor, { fileName });
    }
    throw problem(CommonProblems.unsupportedMediaType, 'send the CSV as multipart/form-data (field "file") or as text/csv');
  }
}
