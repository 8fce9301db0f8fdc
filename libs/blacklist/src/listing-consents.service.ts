import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SeparationOfDuties } from '#qcr/access';
import { type Actor, inTransaction, problem, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { BlacklistProblems } from './blacklist.problems.js';
import { consent, refuseConsent } from './listing.aggregate.js';
import { ListingTransitions } from './listing-transitions.js';
import type { ListingRow } from './listing-rows.js';
import { ListingsRepository } from './listings.repository.js';
import { showsPersonalData, stamp } from './listings.service.js';
import { type StaffListingView, toStaffView } from './listing.views.js';

/**
 * 报经上一级同意 (Order 44; issue 24): a county or prefecture decision, where its level's setting asks for it, waits
 * between decision and publication for the authority one level up. Its own queue; four eyes (neither the proposer
 * nor the decider, nor an account either just made); audited through the listing's transitions; the consent date
 * goes on the public record and starts the listing (or the later start the decision asked for).
 */
@Injectable()
export class ListingConsents {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ListingsRepository,
    private readonly transitions: ListingTransitions,
    private readonly sod: SeparationOfDuties,
  ) {}

  /** Decisions waiting for one of the actor's authorities to consent, oldest first. */
  async queue(actor: Actor, today = todayInChina()): Promise<StaffListingView[]> {
    const ids = (actor.authorities ?? []).map((a) => a.id);
    const rows = await this.repo.awaitingConsent(ids, today);
    return rows.map((r) => toStaffView(r, showsPersonalData(actor)));
  }

  async consent(actor: Actor, id: string, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.checked(actor, id, today);
    const step = consent(before, { by: actor, today, at: stamp(today) });
    await inTransaction(this.dataSource, async (em) => {
      await this.sod.assertIndependent(em, actor, before.decided_by!);
      await this.transitions.apply(em, actor, before, step, today);
    });
    return toStaffView((await this.repo.find(null, id, today))!, showsPersonalData(actor));
  }

  /** 不同意: the decision is withdrawn and the case returns to the deciding authority (notified), with the reason. */
  async refuse(actor: Actor, id: string, reason: string, today = todayInChina()): Promise<StaffListingView> {
    const before = await this.checked(actor, id, today);
    const step = refuseConsent(before, { by: actor, today, reason });
    await inTransaction(this.dataSource, (em) => this.transitions.apply(em, actor, before, step, today));
    return toStaffView((await this.repo.find(null, id, today))!, showsPersonalData(actor));
  }

  private async checked(actor: Actor, id: string, today: string): Promise<ListingRow> {
    const before = await this.repo.find(null, id, today);
    if (!before) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
    if (before.status !== 'awaiting_consent') throw problem(BlacklistProblems.invalidState, `listing is ${before.status}, not awaiting consent`);
    if (actor.kind === 'staff' && !(actor.authorities ?? []).some((a) => a.id === before.consent_authority_id)) {
      throw problem(BlacklistProblems.notUpperAuthority, 'the consent belongs to the authority one level above the deciding one', [], {
        rule: 'jurisdiction.upper-level-consent',
      });
    }
    if (actor.id === before.proposed_by || actor.id === before.decided_by) {
      throw problem(BlacklistProblems.fourEyes, 'neither the proposer nor the decider may consent to the decision');
    }
    return before;
  }
}
