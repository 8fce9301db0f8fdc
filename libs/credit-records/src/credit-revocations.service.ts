import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SeparationOfDuties } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, type PendingDecision, problem, TwoPersonDecisions } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { CreditProblems } from './credit.problems.js';
import { CreditRecordsService } from './credit-records.service.js';
import type { CreditRecord } from './credit.types.js';

/**
 * 撤销 of a credit record (DOMAIN.md §5: it was wrong, it never counts) as a two-person decision (issue 13 §6): one
 * reviewer proposes, another approves; the record keeps counting until the approval.
 */
@Injectable()
export class CreditRevocations {
  private readonly proposals = new TwoPersonDecisions('credit.revocation_proposals', 'record_id');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: CreditRecordsService,
    private readonly audit: AuditLog,
    private readonly sod: SeparationOfDuties,
  ) {}

  async propose(actor: Actor, recordId: string, reason: string): Promise<PendingDecision> {
    return inTransaction(this.dataSource, async (em) => {
      await this.records.revocable(em, recordId);
      const proposal = await this.proposals.propose(em, actor, recordId, reason);
      if (!proposal) throw problem(CreditProblems.revocationPending, `record ${recordId} already has a revocation awaiting approval`);
      await this.audit.record(em, actor, {
        action: 'credit.record.revocation-proposed',
        entityType: 'credit_record',
        entityId: recordId,
        after: { proposalId: proposal.id, status: 'proposed' },
        reason,
      });
      return proposal;
    });
  }

  /** The second reviewer: never the proposer, nor an account the proposer just made or granted. */
  async approve(actor: Actor, recordId: string): Promise<CreditRecord> {
    return inTransaction(this.dataSource, async (em) => {
      const proposal = await this.openProposal(em, recordId);
      if (proposal.proposedBy === actor.id) throw problem(CreditProblems.revocationFourEyes);
      await this.sod.assertIndependent(em, actor, proposal.proposedBy);
      await this.proposals.close(em, proposal.id, actor, 'approved', null);
      return this.records.revokeWithin(em, actor, recordId, proposal.reason);
    });
  }

  /** Any reviewer, the proposer included (withdrawal), may turn a proposal down; the record is unchanged. */
  async reject(actor: Actor, recordId: string, reason: string): Promise<PendingDecision> {
    return inTransaction(this.dataSource, async (em) => {
      const proposal = await this.openProposal(em, recordId);
      const decided = await this.proposals.close(em, proposal.id, actor, 'rejected', reason);
      await this.audit.record(em, actor, {
        action: 'credit.record.revocation-rejected',
        entityType: 'credit_record',
        entityId: recordId,
        after: { proposalId: proposal.id, status: 'rejected' },
        reason,
      });
      return decided;
    });
  }

  private async openProposal(em: EntityManager, recordId: string): Promise<PendingDecision> {
    const proposal = await this.proposals.open(em, recordId);
    if (!proposal) throw problem(CreditProblems.noRevocationProposed, `no revocation of record ${recordId} awaits approval`);
    return proposal;
  }
}
