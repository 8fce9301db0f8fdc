import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { type Actor, Allow, AppConfig, CurrentActor, Permission, problem, uuidParam } from '#qcr/platform';
import { CheckProblems } from '../joint-measures.problems.js';
import { batchToPdf, findPdfFont } from './batch-pdf.js';
import { BatchReports } from './batch-report.js';
import { languageOf } from './batch-report.texts.js';
import { batchToXlsx } from './batch-xlsx.js';
import { BatchReportQueryDto } from './checks.dto.js';
import { verificationUrl } from './public-batch.controller.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Downloads of a batch check (issue 17): built on the server from the check log, so the paper is what was answered. */
@ApiTags('checks')
@Controller('api/v1/checks/batches')
export class BatchReportController {
  constructor(
    private readonly reports: BatchReports,
    private readonly config: AppConfig,
  ) {}

  @Get(':batchId/report')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiOperation({
    summary: 'A batch check as .xlsx or PDF (核查结果下载): the logged answers, headers in the page language, Beijing time, page numbers, batch id',
    description: 'Partners get only their own agency’s batches (another’s is 404). Invalid codes got no receipt and are not on the report.',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf') // literals: the contract generator reads them
  @ApiResponse({ status: 404, description: 'CHECKS.BATCH_NOT_FOUND' })
  @ApiResponse({ status: 503, description: 'CHECKS.PDF_FONT_MISSING (format=pdf on a machine without a CJK font; see QCR_PDF_FONT)' })
  async report(
    @CurrentActor() actor: Actor,
    @Param('batchId', uuidParam('batchId')) batchId: string,
    @Query() q: BatchReportQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const lang = languageOf(q.lang, req.headers['accept-language']);
    const font = q.format === 'pdf' ? findPdfFont(this.config.QCR_PDF_FONT) : null;
    if (q.format === 'pdf' && !font) throw problem(CheckProblems.pdfFontMissing, 'no CJK font file found; install fonts-wqy-zenhei or set QCR_PDF_FONT');
    const report = await this.reports.report(actor, batchId);
    // the address (and, on the PDF, its QR code) printed on each report opens the public batch verification
    const name = `checks-${report.purpose}-${report.asOf}-${batchId.slice(0, 8)}`;
    reply.header('Cache-Control', 'no-store');
    if (q.format === 'xlsx') {
      reply.header('Content-Type', XLSX);
      reply.header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      return batchToXlsx(report, lang, verificationUrl(this.config, req, batchId));
    }
    const url = verificationUrl(this.config, req, batchId);
    const qrPng = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="${name}.pdf"`);
    return batchToPdf(report, lang, font!, { url, qrPng });
  }
}
