import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ACCESS_RULE, type AccessRule, type Actor, CommonProblems, IdentityRateLimit, isDatabaseUnavailable, problem } from '#qcr/platform';
import { PURPOSES } from './access.dto.js';
import { AccessProblems } from './access.problems.js';
import { rolesGrant } from './roles.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';

interface Req {
  id?: string;
  correlationId?: string;
  user?: Actor;
  headers: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/**
 * Default deny. A route without an access rule is unreachable; a public route
 * needs nothing; everything else needs a staff token or a partner key.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimit: IdentityRateLimit,
    private readonly apiKey: ApiKeyStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw problem(CommonProblems.forbidden, 'This route declares no access rule');
    if (rule.kind === 'public') return true;

    const req = context.switchToHttp().getRequest<Req>();
    const hasKey = typeof req.headers['x-api-key'] === 'string';
    try {
      if (req.headers.authorization === undefined) req.user = await this.partnerByKey(req);
      else await (super.canActivate(context) as Promise<boolean>);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // 503, not "your key is bad", while the database is away
      throw problem(hasKey ? AccessProblems.badApiKey : CommonProblems.unauthenticated);
    }
    const actor = req.user!;
    actor.requestId = req.id;
    actor.correlationId = req.correlationId;
    // One quota per verified identity, whatever the spelling of the header that carried it.
    await this.rateLimit.consume(req, `${actor.kind}:${actor.id}`);

    if (rule.kind === 'authenticated') {
      if (actor.kind !== 'staff') throw problem(CommonProblems.forbidden, 'Staff only');
      return true;
    }
    if (actor.kind === 'partner') {
      if (!rule.partner) throw problem(CommonProblems.forbidden, 'Partner keys may not call this route');
      const purpose = req.query?.purpose ?? (req.body as { purpose?: unknown } | undefined)?.purpose;
      // Only a purpose that exists can be "not allowed": an unknown one is the handler's 400
      // (CHECKS.UNKNOWN_PURPOSE), for partners as for staff (issue 13 §9).
      if (typeof purpose === 'string' && (PURPOSES as readonly string[]).includes(purpose) && !actor.purposes?.includes(purpose)) {
        throw problem(AccessProblems.purposeNotAllowed, `purpose ${purpose} is not allowed for this agency`);
      }
      return true;
    }
    if (!rolesGrant(actor.roles, rule.permission)) {
      throw problem(CommonProblems.forbidden, `requires permission ${rule.permission}`);
    }
    return true;
  }

  /**
   * A partner call carries only X-API-Key: the api-key strategy's own check, called directly. Passport's
   * authenticate (a strategy clone, closures and callbacks per request) cost about 85 µs of CPU per check here,
   * more than the check's whole database round trip (docs/performance.md § The guard); it verifies nothing the
   * strategy doesn't. Staff tokens, and a request carrying both headers, still go through passport.
   */
  private async partnerByKey(req: Req): Promise<Actor> {
    const actor = await this.apiKey.validate(req);
    if (!actor) throw new Error('unauthenticated');
    return actor;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the library's own error, rethrown unchanged
    if (err || !user) throw err ?? new Error('unauthenticated');
    return user;
  }
}
