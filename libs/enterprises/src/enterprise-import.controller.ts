import { Controller, Get, Header, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CommonProblems, CurrentActor, Permission, problem, uuidParam } from '#qcr/platform';
import type { Readable } from 'node:stream';
import { EnterpriseImporter } from './enterprise-importer.service.js';

interface ImportRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  isMultipart?: () => boolean;
  file?: () => Promise<{ file: Readable; filename: string } | undefined>;
}

// cells are the scalars and dates of a report row
const csvCell = (v: string | number | boolean | Date | null | undefined) => {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

@ApiTags('enterprises')
@Controller('api/v1/enterprises')
export class EnterpriseImportController {
  constructor(private readonly importer: EnterpriseImporter) {}

  @Post(['import', 'imports'])
  @Allow(Permission.EnterpriseImport)
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Bulk import from CSV (批量导入): per-row errors, idempotent; columns in docs/enterprises.md',
  })
  async import(@CurrentActor() actor: Actor, @Req() req: ImportRequest, @Query('fileName') fileName?: string) {
    if (req.isMultipart?.()) {
      const part = await req.file!();
      if (!part)
        throw problem(CommonProblems.validation, 'multipart body has no file', [{ field: 'file', rule: 'required', message: 'attach the CSV as a file part' }]);
      return this.importer.importEnterprisesCsv(part.file, actor, { fileName: part.filename });
    }
    const body = req.body as Readable | undefined;
    if (body && typeof (body as { pipe?: unknown }).pipe === 'function') {
      return this.importer.importEnterprisesCsv(body, actor, { fileName });
    }
    throw problem(CommonProblems.unsupportedMediaType, 'send the CSV as multipart/form-data (field "file") or as text/csv');
  }

  @Get('imports/:id')
  @Allow(Permission.EnterpriseImport)
  @ApiOperation({ summary: 'An import: counts and per-row errors' })
  find(@Param('id', uuidParam('id')) id: string) {
    return this.importer.findImport(id);
  }

  @Get('imports/:id/errors.csv')
  @Allow(Permission.EnterpriseImport)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The error report of an import as CSV (line, field, rule, message)' })
  async errorReport(@Param('id', uuidParam('id')) id: string) {
    const found = await this.importer.findImport(id);
    const lines = found.errors.map((e) => [e.line, e.field, e.rule, e.message].map(csvCell).join(','));
    return '\uFEFFline,field,rule,message\n' + lines.map((l) => `${l}\n`).join('');
  }
}
