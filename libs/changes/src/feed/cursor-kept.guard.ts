import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { problem } from '#qcr/platform';
import { ChangeProblems } from '../changes.problems.js';
import { isCursor } from './changes.dto.js';
import { ChangesService } from './changes.service.js';

/**
 * The stream's start cursor (Last-Event-ID, else `since`) is judged before the handler runs: once an SSE handler
 * runs, the 200 and its headers are on their way, and a 400 or 410 could no longer be answered as problem+json.
 */
@Injectable()
export class CursorKeptGuard implements CanActivate {
  constructor(private readonly changes: ChangesService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; query: Record<string, unknown> }>();
    const lastEventId = req.headers['last-event-id'];
    if (lastEventId !== undefined && !isCursor(lastEventId)) {
      throw problem(ChangeProblems.badCursor, 'Last-Event-ID must be a cursor of the feed', [
        { field: 'Last-Event-ID', rule: 'cursor', message: 'Last-Event-ID must be 1 to 18 digits' },
      ]);
    }
    const since = typeof req.query.since === 'string' && isCursor(req.query.since) ? req.query.since : '0';
    await this.changes.assertKept(lastEventId ?? since);
    return true;
  }
}
