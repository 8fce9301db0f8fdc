import { Controller, Get, Param } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, uuidParam } from '#qcr/platform';
import { ReceiptsService } from './receipts.service.js';

/**
 * Anyone holding a printed report checks one number at a time; a tighter limit than the API's
 * per-address default keeps receipt ids from being enumerated (they are UUIDv7, so guessing is
 * already hopeless; the limit bounds the cost of trying).
 */
export const RECEIPT_VERIFY_PER_MINUTE = 30;

/** 回执核验: what a check answered, for whoever holds the receipt number (the report says so). */
@ApiTags('public')
@Controller('api/v1/public/receipts')
export class ReceiptVerificationController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get(':receiptId')
  @Public()
  @RouteConfig({ rateLimit: { max: RECEIPT_VERIFY_PER_MINUTE, timeWindow: 60_000 } })
  @ApiOperation({
    summary: 'Verify a check receipt (回执核验): verdict, as-of date and time; no personal data, never which agency asked',
    description: `Rate-limited to ${RECEIPT_VERIFY_PER_MINUTE} requests per minute per client address (429 REQUEST.RATE_LIMITED with Retry-After).`,
  })
  verify(@Param('receiptId', uuidParam('receiptId')) receiptId: string) {
    return this.receipts.verify(receiptId);
  }
}
