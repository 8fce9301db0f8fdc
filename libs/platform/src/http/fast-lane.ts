import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/**
 * A fast lane serves one hot route without Nest's per-request machinery (router context, global
 * pipe on every parameter, the interceptor chain in rxjs, response controller). The route stays a
 * Nest controller method — its access rule, OpenAPI document and access-matrix row are declared
 * there as for every route — and the lane must do what that machinery did: run the route's guard,
 * validate its input with the same problems, render errors with renderProblem. Fastify's own hooks
 * (request id, rate limit, security headers, input guard) run as for any route.
 *
 * Why: measured on the joint-measure check (docs/performance.md), Nest's per-request work cost more
 * than the check's single database round trip. Only the check uses a lane; a route without a
 * registered lane keeps Nest's handler.
 */
export type FastLaneHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

interface LaneRouteConfig {
  fastLane?: string;
}

const lanesOf = new WeakMap<FastifyInstance, Map<string, FastLaneHandler>>();

/** Decorates a controller method: served by the lane registered under `name`, if any. */
export const FastLane = (name: string) => RouteConfig({ fastLane: name } satisfies LaneRouteConfig);

/** Before Nest registers its routes (configureHttp): swaps the handler of every @FastLane route for a lane lookup. */
export function installFastLanes(fastify: FastifyInstance): void {
  const lanes = new Map<string, FastLaneHandler>();
  lanesOf.set(fastify, lanes);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const name = (route.config as LaneRouteConfig | undefined)?.fastLane;
    if (!name) return;
    const nestHandler = route.handler;
    route.handler = function laneOrNest(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const lane = lanes.get(name);
      return lane ? lane(request, reply) : nestHandler.call(this, request, reply);
    };
  });
}

/** From a module's onModuleInit (after the routes exist, before the server is ready). */
export function registerFastLane(fastify: FastifyInstance, name: string, handler: FastLaneHandler): void {
  const lanes = lanesOf.get(fastify);
  if (!lanes) throw new Error('fast lanes are not installed on this Fastify instance (configureHttp)');
  lanes.set(name, handler);
}
