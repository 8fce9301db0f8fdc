import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppConfig, Public, uuidParam } from '#qcr/platform';
import { BatchReports, digestOf } from './batch-report.js';
import { RECEIPT_VERIFY_PER_MINUTE } from './receipt-verification.controller.js';
import { standingOf } from './standing.js';
import type { Verdict } from './verdict.js';

/** The public page a printed report's receipt or batch id is verified on (libs/portal verify.js). */
export function verificationUrl(config: AppConfig, req: FastifyRequest, id: string): string {
  const base = config.QCR_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  return `${base}/portal/#/verify?id=${id}`;
}

/**
 * 批次核验: a batch id printed on a report (or its QR code) → what was answered for every supplier of
 * the batch, with the digest printed on the report. Never who asked, like a receipt (issue 17).
 */
@ApiTags('public')
@Controller('api/v1/public')
export class PublicBatchController {
  constructor(
    private readonly reports: BatchReports,
    private readonly config: AppConfig,
  ) {}

  @Get('batches/:batchId')
  @Public()
  @RouteConfig({ rateLimit: { max: RECEIPT_VERIFY_PER_MINUTE, timeWindow: 60_000 } })
  @ApiOperation({
    summary: 'Verify a batch check (批次核验): purpose, as-of, time, digest and each answer; no personal data, never which agency asked',
    description: `Rate-limited to ${RECEIPT_VERIFY_PER_MINUTE} requests per minute per client address. The digest equals the one printed on the batch's xlsx/PDF report.`,
  })
  @ApiResponse({ status: 404, description: 'CHECKS.BATCH_NOT_FOUND' })
  async batch(@Param('batchId', uuidParam('batchId')) batchId: string) {
    const rows = await this.reports.rows(null, batchId);
    const summary: Record<Verdict, number> = { restricted: 0, priority: 0, clear: 0, not_registered: 0 };
    for (const r of rows) summary[r.verdict as Verdict]++;
    return {
      batchId,
      time: rows[0].time,
      purpose: rows[0].purpose,
      asOf: rows[0].asOf,
      count: rows.length,
      summary,
      digest: digestOf(batchId, rows),
      items: rows.map((r) => ({
        position: r.answer.index !== undefined ? r.answer.index + 1 : null,
        receiptId: r.receiptId,
        verdict: r.verdict,
        standing: standingOf(r.verdict as Verdict, r.answer.grade, r.answer.listings.length),
        enterprise: r.answer.enterprise,
        grade: r.answer.grade,
      })),
    };
  }

  @Get('verification-qr/:id')
  @Public()
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOperation({ summary: 'QR code (SVG) of the verification page for a receipt or batch id, for printed reports; encodes nothing else' })
  @ApiProduces('image/svg+xml')
  async qr(@Param('id', uuidParam('id')) id: string, @Req() req: FastifyRequest): Promise<string> {
    return QRCode.toString(verificationUrl(this.config, req, id), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  }
}
