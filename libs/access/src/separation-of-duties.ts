import { Injectable } from '@nestjs/common';
import { type Actor, AppConfig, problem, querySingle } from '#qcr/platform';
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
    const { tie } = await querySingle<{ tie: { created: boolean | null; granted: boolean | null } | null }>(em, `SELECT ${this.tieSql('$1', '$2')} AS tie`, [
      decider.id,
      proposerId,
    ]);
    this.assertNoTie(decider, tie);
  }

  /**
   * The check's read as a JSON subquery over SQL expressions for the decider's and the proposer's ids, for a caller
   * that folds it into a statement it makes anyway (a listing decision, issue 21); then assertNoTie on the value.
   */
  tieSql(deciderId: string, proposerId: string): string {
    const hours = Math.trunc(this.freshHours); // a number from config, never user input
    return `(SELECT json_build_object(
        'created', created_by = (${proposerId})::text AND created_at > now() - make_interval(hours => ${hours}),
        'granted', roles_granted_by = (${proposerId})::text AND roles_granted_at > now() - make_interval(hours => ${hours}))
       FROM access.users WHERE id::text = (${deciderId})::text)`;
  }

  assertNoTie(decider: Actor, tie: { created: boolean | null; granted: boolean | null } | null): void {
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
