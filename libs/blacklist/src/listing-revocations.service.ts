import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SeparationOfDuties } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, type PendingDecision, problem, todayInChina, TwoPersonDecisions } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { BlacklistProblems } from './blacklist.problems.js';
import { revoke } from './listing.aggregate.js';
import { ListingTransitions } from './listing-transitions.js';
import { ListingsRepository } from './listings.repository.js';
import { RepairApplications } from './repair-applications.repository.js';

const stamp = (today: string) => `${today}T12:00:00+08:00`;

/**
 * 撤销 (DOMAIN.md §7: the listing was wrong) as a two-person decision (issue 13 §6): one reviewer proposes with the
 * reason, another approves; only the approval ends the listing. While proposed, the listing keeps restricting.
 */
@Injectable()
export class ListingRevocations {
  private readonly proposals = new TwoPersonDecisions('blacklist.revocation_proposals', 'listing_id');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ListingsRepository,
    private readonly repairs: RepairApplications,
    private readonly transitions: ListingTransitions,
    private readonly audit: AuditLog,
    private readonly sod: SeparationOfDuties,
  ) {}

  async propose(actor: Actor, listingId: string, reason: string, today = todayInChina()): Promise<PendingDecision> {
    return inTransaction(this.dataSource, async (em) => {
      await this.listed(em, listingId, today);
      const proposal = await this.proposals.propose(em, actor, listingId, reason);
      if (!proposal) throw problem(BlacklistProblems.revocationPending, `listing ${listingId} already has a revocation awaiting approval`);
      await this.audit.record(em, actor, {
        action: 'listing.revocation-proposed',
        entityType: 'blacklist.listing',
        entityId: listingId,
        after: { proposalId: proposal.id, status: 'proposed' },
        reason,
      });
      return proposal;
    });
  }

  /** The second reviewer: never the proposer, nor an account the proposer just made or granted. Ends the listing today. */
  async approve(actor: Actor, listingId: string, today = todayInChina()): Promise<PendingDecision> {
    return inTransaction(this.dataSource, async (em) => {
      const proposal = await this.openProposal(em, listingId);
      if (proposal.proposedBy === actor.id) throw problem(BlacklistProblems.fourEyes, 'the reviewer who proposed the revocation cannot approve it');
      await this.sod.assertIndependent(em, actor, proposal.proposedBy);
      const before = await this.listed(em, listingId, today);
      const decided = await this.proposals.close(em, proposal.id, actor, 'approved', null);
      const step = revoke(before, {
        by: actor,
        today,
        at: new Date(stamp(today)),
        reason: proposal.reason,
        details: { proposalId: proposal.id, proposedBy: proposal.proposedBy, approvedBy: actor.id },
      });
      await this.transitions.apply(em, actor, before, step, today);
      await this.repairs.closePending(em, listingId, '名单已撤销 listing revoked');
      return decided;
    });
  }

  /** Any reviewer, the proposer included (withdrawal), may turn a proposal down; the listing is unchanged. */
  async reject(actor: Actor, listingId: string, reason: string): Promise<PendingDecision> {
    return inTransaction(this.dataSource, async (em) => {
      const proposal = await this.openProposal(em, listingId);
      const decided = await this.proposals.close(em, proposal.id, actor, 'rejected', reason);
      await this.audit.record(em, actor, {
        action: 'listing.revocation-rejected',
        entityType: 'blacklist.listing',
        entityId: listingId,
        after: { proposalId: proposal.id, status: 'rejected' },
        reason,
      });
      return decided;
    });
  }

  history(listingId: string): Promise<PendingDecision[]> {
    return this.proposals.history(this.dataSource, listingId);
  }

  private async openProposal(em: EntityManager, listingId: string): Promise<PendingDecision> {
    const proposal = await this.proposals.open(em, listingId);
    if (!proposal) throw problem(BlacklistProblems.noRevocationProposed, `no revocation of listing ${listingId} awaits approval`);
    return proposal;
  }

  private async listed(em: EntityManager, listingId: string, today: string) {
    const row = await this.repo.find(em, listingId, today);
    if (!row) throw problem(BlacklistProblems.listingNotFound, `no listing ${listingId}`);
    if (row.effective_status !== 'listed') throw problem(BlacklistProblems.invalidState, `listing is ${row.effective_status}, not listed`);
    return row;
  }
}
