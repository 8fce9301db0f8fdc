import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessGuard } from '#qcr/access';
import { actorOf, assertDeclaredMediaType, createValidationPipe, isIsoDate, registerFastLane, renderProblem } from '#qcr/platform';
import { PERSON_CHECK_PURPOSES, PersonCheckDto } from './person-checks.dto.js';
import { PersonChecksController } from './person-checks.controller.js';
import { PersonChecksService } from './person-checks.service.js';

export const PERSON_CHECK_LANE = 'checks.person';

const pipe = createValidationPipe();

/**
 * POST /api/v1/checks/persons in the fast lane, like the enterprise check (checks.fast-lane.ts; issue 18: a person
 * check must cost no more than an enterprise check — through Nest's pipeline it ran at 0.73× of the lane-served
 * enterprise check). Same guard (the route's @Allow rule), same media-type rule, the usual body shape checked by
 * hand and anything else judged by the DTO pipe, errors through renderProblem.
 */
@Injectable()
export class PersonChecksFastLane implements OnModuleInit {
  private readonly logger = new Logger('PersonChecksFastLane');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: AccessGuard,
    private readonly checks: PersonChecksService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerFastLane(fastify, PERSON_CHECK_LANE, (req, reply) => this.serve(req, reply));
  }

  private async serve(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    try {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the handler is passed for its metadata (the access rule), never called
      await this.guard.canActivate(new ExecutionContextHost([req, reply, undefined], PersonChecksController, PersonChecksController.prototype.check));
      assertDeclaredMediaType(req.headers['content-type'], undefined);
      const dto = await body(req.body);
      return await this.checks.checkOne(actorOf(req), dto.idType, dto.idNumber, dto.purpose, dto.asOf);
    } catch (err) {
      const rendered = renderProblem(err, req, (traceId, e) => this.logger.error({ err: e, traceId }, 'unhandled error'));
      return reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
    }
  }
}

const str = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;

/** `{ idType, idNumber, purpose, asOf? }` as strings in their domains is the common case; the rest goes to the pipe. */
async function body(raw: unknown): Promise<PersonCheckDto> {
  const b = raw as Record<string, unknown> | null;
  const plain =
    b !== null &&
    typeof b === 'object' &&
    !Array.isArray(b) &&
    str(b.idType, 40) &&
    str(b.idNumber, 40) &&
    typeof b.purpose === 'string' &&
    (PERSON_CHECK_PURPOSES as readonly string[]).includes(b.purpose) &&
    (b.asOf === undefined || (typeof b.asOf === 'string' && b.asOf.length === 10 && isIsoDate(b.asOf))) &&
    Object.keys(b).every((k) => k === 'idType' || k === 'idNumber' || k === 'purpose' || k === 'asOf');
  if (plain) return b as unknown as PersonCheckDto;
  return (await pipe.transform(raw, { type: 'body', metatype: PersonCheckDto })) as PersonCheckDto;
}
