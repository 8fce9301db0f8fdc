import { type BeforeApplicationShutdown, Controller, Get, Headers, type MessageEvent, Query, Sse, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, AppConfig, CurrentActor, Permission } from '#qcr/platform';
import { Observable, Subject, takeUntil } from 'rxjs';
import { ChangeStreamQueryDto, ChangesQueryDto } from './changes.dto.js';
import { CursorKeptGuard } from './cursor-kept.guard.js';
import { ChangesService } from './changes.service.js';

/** Events sent per poll of an open stream; more wait for the next poll, which comes at once. */
const STREAM_BATCH = 500;

/**
 * The change feed for partners (their agency's purposes) and staff who run checks: the feed tells no more than a
 * check would, so it takes the check permission (docs/changes.md).
 */
@ApiTags('changes')
@Controller('api/v1/changes')
export class ChangesController implements BeforeApplicationShutdown {
  /** Open streams end when the app drains, so a SIGTERM is not held up by clients that never hang up. */
  private readonly closing = new Subject<void>();

  constructor(
    private readonly changes: ChangesService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Allow(Permission.CheckRun, { partner: true })
  @ApiResponse({ status: 410, description: 'CHANGES.CURSOR_GONE: `since` is older than the retention; `oldestCursor` says where to resume' })
  @ApiOperation({ summary: 'Changes of check answers after a cursor (ordered, resumable; 410 CHANGES.CURSOR_GONE past retention)' })
  list(@CurrentActor() actor: Actor, @Query() q: ChangesQueryDto) {
    return this.changes.page(actor, q.since ?? '0', q.limit ?? 100);
  }

  @Sse('stream')
  @Allow(Permission.CheckRun, { partner: true })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'A stream of `event: change` messages, `id:` the cursor, `data:` one change as JSON (the items of GET /changes)',
    content: { 'text/event-stream': { schema: { type: 'string', maxLength: 1_000_000 } } },
  })
  @ApiResponse({ status: 410, description: 'CHANGES.CURSOR_GONE: the resume point is older than the retention' })
  @ApiHeader({
    name: 'last-event-id',
    required: false,
    description: 'the cursor of the last event received (the browser sends it on reconnect)',
    schema: { type: 'string', pattern: '^[0-9]{1,19}$', maxLength: 19 },
  })
  @ApiOperation({ summary: 'Server-Sent Events of the change feed; resumes after Last-Event-ID (or `since`)' })
  @UseGuards(CursorKeptGuard)
  stream(@CurrentActor() actor: Actor, @Query() q: ChangeStreamQueryDto, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.follow(actor, lastEventId ?? q.since ?? '0').pipe(takeUntil(this.closing));
  }

  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  private follow(actor: Actor, start: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let cursor = start;
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const poll = async () => {
        try {
          const page = await this.changes.read(actor, cursor, STREAM_BATCH);
          if (stopped) return;
          for (const event of page.events) subscriber.next({ id: event.cursor, type: 'change', data: event });
          cursor = page.next;
          timer = setTimeout(() => void poll(), page.hasMore ? 0 : this.config.QCR_CHANGES_POLL_MS);
        } catch (err) {
          if (!stopped) subscriber.error(err);
        }
      };
      void poll();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    });
  }
}
