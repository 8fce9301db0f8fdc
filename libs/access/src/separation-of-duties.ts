import { Injectable } from '@nestjs/common';
import { type Actor, AppConfig, problem } from '#qcr/platform';
import type { EntityManager } from 'typeorm';
import { AccessProblems } from './access.problems.js';

/**
 * The second pair of eyes must be a second person (issue 13 §6). Beyond "not the proposer" (each context's own
 * four-eyes check), a user created, or given a role, by the proposer less than QCR_FRESH_ACCOUNT_HOURS ago cannot
 * decide what that proposer proposed: otherwise one person approves their own proposal through an account they made.
 */
@Injectable()
export class SeparationOfDuties {
  private readonly freshHours: number;

  constructor(config: AppConfig) {
    this.freshHours = config.QCR_FRESH_ACCOUNT_HOURS;
  }

  async assertIndependent(em: Pick<EntityManager, 'query'>, decider: Actor, proposerId: string): Promise<void> {
    const [tie]: { created: boolean; granted: boolean }[] = await em.query(
      `SELECT (created_by = $2 AND created_at > now() - make_interval(hours => $3)) AS created,
              (roles_granted_by = $2 AND roles_granted_at > now() - make_interval(hours => $3)) AS granted
         FROM access.users WHERE id::text = $1`,
      [decider.id, proposerId, this.freshHours],
    );
    if (tie?.created || tie?.granted) {
      throw problem(
        AccessProblems.freshAccount,
        `${decider.name} was ${tie.created ? 'created' : 'given a role'} by the proposer less than ${this.freshHours} h ago`,
        [],
        { freshAccountHours: this.freshHours },
      );
    }
  }
}
