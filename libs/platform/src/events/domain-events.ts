import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Something another context may care about, e.g. a listing decided or a credit record added. */
export interface DomainEvent {
  type: string;
  enterpriseId?: string;
  [key: string]: unknown;
}

export type DomainEventHandler = (event: DomainEvent, em: EntityManager) => Promise<void>;

/**
 * In-process event bus whose handlers run inside the publisher's transaction,
 * so a read right after the write sees the consequences (e.g. the new grade).
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<string, DomainEventHandler[]>();

  on(type: string, handler: DomainEventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  async publish(em: EntityManager, event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) await handler(event, em);
  }
}
