import { Injectable } from '@nestjs/common';
import type { Actor } from '#qcr/platform';
import { problem } from '#qcr/platform';
import { ChangeProblems } from '../changes.problems.js';
import { ChangeSequencer } from '../outbox/change-sequencer.js';
import type { ChangeEvent, ChangePage } from './change.types.js';
import { type ChangeRow, ChangesRepository } from './changes.repository.js';

/**
 * The pull side of the feed: ordered by cursor, resumable, idempotent (the same `since` answers the same events). Only
 * sequenced events are read; a read first has every event committed before it numbered (read-your-writes, from any
 * instance), which costs one index probe when nothing waits.
 */
@Injectable()
export class ChangesService {
  constructor(
    private readonly repo: ChangesRepository,
    private readonly sequencer: ChangeSequencer,
  ) {}

  /** 410 when events after `since` were purged: the caller missed some and must resynchronise (e.g. from an extract). */
  async assertKept(since: string): Promise<void> {
    const purged = await this.repo.purgedThrough();
    if (BigInt(since) < BigInt(purged)) {
      throw problem(
        ChangeProblems.gone,
        `events up to cursor ${purged} are past retention; resume from ${purged} after resynchronising`,
        [{ field: 'since', rule: 'retention', message: `since must be ≥ ${purged}` }],
        { oldestCursor: purged },
      );
    }
  }

  async page(actor: Actor, since = '0', limit = 100): Promise<ChangePage> {
    await this.assertKept(since);
    return this.read(actor, since, limit);
  }

  /** A page without the retention check (the stream checks once, then follows). */
  async read(actor: Actor, since: string, limit: number): Promise<ChangePage> {
    const scope = actor.kind === 'partner' ? (actor.purposes ?? []) : null;
    await this.sequencer.catchUp();
    const rows = await this.repo.after(since, limit + 1, scope);
    const events = rows.slice(0, limit).map((r) => view(r, scope));
    return { events, next: events.at(-1)?.cursor ?? since, hasMore: rows.length > limit };
  }
}

/** A partner sees only its agency's purposes of each event. */
function view(row: ChangeRow, scope: readonly string[] | null): ChangeEvent {
  const { purposes: _purposes, ...event } = row;
  if (!scope) return event;
  const verdicts = Object.fromEntries(Object.entries(row.verdicts).filter(([p]) => scope.includes(p)));
  return { ...event, verdicts };
}
