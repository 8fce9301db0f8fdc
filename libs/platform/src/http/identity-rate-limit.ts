import { Injectable } from '@nestjs/common';
import { CommonProblems, problem } from './problem.js';

/** The verified identity a request is charged to, set on the request just before the check. */
const IDENTITY = Symbol('qcr.rateLimitIdentity');

type Limiter = (req: object) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

export interface RateLimitHost {
  createRateLimit(options: object): Limiter;
}

/**
 * The second bucket (issue 13): once a credential is verified, the request is also charged to the
 * key id or user id, so however the header is spelled one identity has one quota. The first bucket,
 * per client address, runs in Fastify before any credential is read (bootstrap.ts). Both live in
 * @fastify/rate-limit's in-process store: one Map lookup, no database round trip.
 */
@Injectable()
export class IdentityRateLimit {
  private limiter?: Limiter;

  attach(host: RateLimitHost, perMinute: number): void {
    this.limiter = host.createRateLimit({
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: (req: Record<symbol, string>) => req[IDENTITY],
    });
  }

  /** Charges one request to `identity` (e.g. `partner:<key id>`); 429 with Retry-After past the quota. */
  async consume(req: object, identity: string): Promise<void> {
    if (!this.limiter) return;
    (req as Record<symbol, string>)[IDENTITY] = identity;
    const result = await this.limiter(req);
    if (result.isExceeded) {
      throw problem(CommonProblems.tooManyRequests, 'Too many requests for this identity', [], { retryAfter: result.ttlInSeconds ?? 60 });
    }
  }
}
