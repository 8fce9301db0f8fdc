import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CommonProblems, ProblemException } from './problem.js';

/**
 * A body must be in a media type the route declares with @ApiConsumes (JSON when it
 * declares none), so a CSV or multipart upload sent to a JSON route is a 415, not an
 * empty DTO that happens to pass validation. An interceptor, so it runs after the access
 * guard: an anonymous caller still learns only that it must authenticate.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const contentType = req.headers['content-type'];
    if (!contentType) return next.handle();
    assertDeclaredMediaType(
      contentType,
      this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]),
    );
    return next.handle();
  }
}

/** A 415 problem unless the body's media type is one the route declares (JSON when it declares none). */
export function assertDeclaredMediaType(contentType: string | undefined, declared: string[] | undefined): void {
  if (!contentType) return;
  const accepted = declared?.length ? declared : ['application/json'];
  const [essence = ''] = contentType.split(';'); // split answers at least one part
  const mediaType = essence.trim().toLowerCase();
  if (accepted.includes(mediaType)) return;
  throw new ProblemException(CommonProblems.unsupportedMediaType, `this operation takes ${accepted.join(' or ')}, not ${mediaType}`);
}
