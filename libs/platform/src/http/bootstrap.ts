import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { installFastLanes } from './fast-lane.js';
import { securityHeaders } from './security-headers.js';
import { setCursorSecret } from './pagination.js';
import { IdentityRateLimit, type RateLimitHost } from './identity-rate-limit.js';
import { RateCounterSync, sharedRateLimitStore } from './shared-rate-store.js';
import { poolOf } from '../database/prepared.js';
import { noteForegroundRequest } from '../database/bulk-work.js';
import { DataSource } from 'typeorm';
import { assertAcceptableInput } from './input-guard.js';
import { renderProblem } from './problem.filter.js';
import { httpRequestDuration } from '../metrics/metrics.js';
import { buildOpenApi } from './openapi/document.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Load balancers' probes and Prometheus scrapes: not requests bulk work should make way for. */
const PROBES = /^\/(health|metrics)(\/|\?|$)/;

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    // Fastify's own pino logger: JSON lines, one per request, with the request id as reqId.
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'] },
    bodyLimit: config.QCR_BODY_LIMIT_BYTES,
    // Slow clients: Node answers 408 once a request has taken longer than this to arrive; it checks
    // on an interval (default 30 s), so the interval follows the limit. Handler time is not limited.
    // Node reads the timeout only when the server is constructed, hence also in `http`.
    requestTimeout: config.QCR_REQUEST_TIMEOUT_MS,
    http: {
      requestTimeout: config.QCR_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(config.QCR_REQUEST_TIMEOUT_MS / 4) || 30_000)),
    },
    trustProxy: false,
    // Errors raised while routing (a malformed URL, a path segment over maxParamLength) never reach Nest.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const rendered = renderProblem(error, request, () => {});
      void reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
    },
    // The request id (trace id, audit request id) is always ours: a client-chosen one could collide
    // with or impersonate another request's (issue 13 §10). The client's is kept as correlationId.
    genReqId: () => randomUUID(),
  });
}

/**
 * The first bucket is the client address, charged before any credential is read: a forged or
 * re-spelled credential cannot open a fresh bucket (issue 13). The verified identity's own bucket
 * is charged by the access guard (IdentityRateLimit). `trustProxy` is off, so this is the socket peer.
 */
function rateLimitKey(req: { ip: string }): string {
  return `addr:${req.ip}`;
}

/** Everything an app instance needs beyond its modules; shared by main.ts and the test helper. */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  setCursorSecret(config.QCR_JWT_SECRET);
  const fastify = app.getHttpAdapter().getInstance();
  installFastLanes(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    // bulk work (regrade chunks, bulk webhook deliveries) yields while requests arrive; probes and scrapes are not load
    if (!PROBES.test(request.url)) noteForegroundRequest();
    (request.raw as { id?: string }).id = request.id;
    reply.header('X-Request-Id', request.id);
    const given = request.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given)) {
      (request as { correlationId?: string }).correlationId = given;
      reply.header('X-Correlation-Id', given);
      request.log = request.log.child({ correlationId: given });
    }
  });
  // Request metrics for every route, fast lanes included: three Map lookups and a few additions (metrics/hot-metrics.ts).
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    try {
      assertAcceptableInput({ query: request.query, params: request.params, body: request.body });
      done();
    } catch (err) {
      done(err as Error);
    }
  });
  // Several instances: one count per address and identity across all of them (issue 22, shared-rate-store.ts).
  const shared = config.QCR_RATE_LIMIT_STORE === 'postgres' ? new RateCounterSync(poolOf(app.get(DataSource)), config.QCR_RATE_LIMIT_SYNC_MS) : null;
  if (shared) {
    fastify.addHook('onClose', (_instance, done) => {
      shared.stop();
      done();
    });
  }
  await app.register(rateLimit, {
    ...(shared ? { store: sharedRateLimitStore(shared) } : {}),
    max: config.QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    // Addresses and identities share the store; bounded so spraying addresses cannot grow the heap.
    cache: 20_000,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_req: unknown, ctx: { ttl: number }) =>
      Object.assign(new Error('Rate limit exceeded'), { statusCode: 429, code: 'QCR_RATE_LIMITED', retryAfter: Math.ceil(ctx.ttl / 1000) }),
  });
  app.get(IdentityRateLimit).attach(fastify as unknown as RateLimitHost, config.QCR_RATE_LIMIT_PER_MINUTE);
  // helmet's headers computed once and set per request from one object: @fastify/helmet called helmet(options) on
  // every request, re-parsing the CSP directives each time (6 % of the API's CPU under check load, docs/performance.md).
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // No 'unsafe-inline' for scripts (issue 13 §10): the portal and the API docs load scripts from files only.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Served over plain HTTP on loopback in development; TLS terminates at the gateway.
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  if (config.QCR_CORS_ORIGINS) app.enableCors({ origin: config.QCR_CORS_ORIGINS.split(',').map((s) => s.trim()) });
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
