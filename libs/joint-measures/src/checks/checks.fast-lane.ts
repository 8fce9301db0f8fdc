import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessGuard } from '#qcr/access';
import { actorOf, assertDeclaredMediaType, createValidationPipe, isIsoDate, registerFastLane, renderProblem } from '#qcr/platform';
import { CHECK_PURPOSES } from '../measures/measure.types.js';
import { ChecksController } from './checks.controller.js';
import { CheckQueryDto } from './checks.dto.js';
import { ChecksService } from './checks.service.js';

export const SINGLE_CHECK_LANE = 'checks.single';

const pipe = createValidationPipe();

/**
 * GET /api/v1/checks/{code} without Nest's per-request machinery (platform fast-lane.ts): the
 * route's own guard (AccessGuard, with the route's @Allow rule read from ChecksController.check),
 * the same validation problems as the DTO pipe, ChecksService.checkOne, errors through
 * renderProblem. The query's usual shape is checked by hand; anything else goes through the DTO
 * pipe, so a bad query answers exactly as on every other route.
 */
@Injectable()
export class ChecksFastLane implements OnModuleInit {
  private readonly logger = new Logger('ChecksFastLane');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: AccessGuard,
    private readonly checks: ChecksService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerFastLane(fastify, SINGLE_CHECK_LANE, (req, reply) => this.serve(req, reply));
  }

  private async serve(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    try {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the handler is passed for its metadata (the access rule), never called
      await this.guard.canActivate(new ExecutionContextHost([req, reply, undefined], ChecksController, ChecksController.prototype.check));
      assertDeclaredMediaType(req.headers['content-type'], undefined);
      const query = await checkQuery(req.query);
      const { code } = req.params as { code: string };
      return await this.checks.checkOne(actorOf(req), code, query.purpose, query.asOf);
    } catch (err) {
      const rendered = renderProblem(err, req, (traceId, e) => this.logger.error({ err: e, traceId }, 'unhandled error'));
      return reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
    }
  }
}

/** `{ purpose, asOf? }` as strings in their domains is the common case; everything else is judged by the DTO pipe. */
async function checkQuery(raw: unknown): Promise<CheckQueryDto> {
  const q = raw as Record<string, unknown>;
  const keys = Object.keys(q);
  const plain =
    typeof q.purpose === 'string' &&
    (CHECK_PURPOSES as readonly string[]).includes(q.purpose) &&
    (q.asOf === undefined || (typeof q.asOf === 'string' && isIsoDate(q.asOf))) &&
    keys.every((k) => k === 'purpose' || k === 'asOf');
  if (plain) return q as unknown as CheckQueryDto;
  return (await pipe.transform(raw, { type: 'query', metatype: CheckQueryDto })) as CheckQueryDto;
}
