import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DecisionSetting, SeparationOfDuties } from '#qcr/access';
import { personDocumentOrProblem, type PersonDocument, PersonRegistry } from '#qcr/enterprises';
import {
  type Actor,
  CommonProblems,
  DomainEvents,
  enterpriseGradeLockSql,
  fieldProblem,
  inTransaction,
  markEnterpriseGradeLocked,
  problem,
  todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { LISTING_CHANGED } from './blacklist-reader.js';
import { BlacklistProblems } from './blacklist.problems.js';
import { ListingJurisdiction } from './jurisdiction/listing-jurisdiction.js';
import { decide } from './listing.aggregate.js';
import { ListingTransitions } from './listing-transitions.js';
import { type StaffListingView, toStaffView } from './listing.views.js';
import type { DecideListingDto } from './listings.dto.js';
import { ListingsRepository } from './listings.repository.js';
import { showsPersonalData, stamp } from './listings.service.js';

/**
 * 决定列入 (DOMAIN.md §7 step 3), the write every department's checks follow. Issue 21: one transaction that reads the
 * listing once, FOR UPDATE, with its four-eyes tie check, the enterprise's grade lock and the acting user's authorities'
 * consent settings in the same round trip; the acting authority from the locked row's region (issue 24); the aggregate's step (update, history, audit) as one
 * statement; then the regrade the listing-changed event triggers. `before` is the row as it stands under the lock.
 */
@Injectable()
export class ListingDecisions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ListingsRepository,
    private readonly transitions: ListingTransitions,
    private readonly jurisdiction: ListingJurisdiction,
    private readonly sod: SeparationOfDuties,
    private readonly persons: PersonRegistry,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Staff decide for their own authority (ListingJurisdiction.forDecision), which also says whether the upper level must
   * consent; the demo seed replays past cases with the authority named in the DTO (`replay`), as system actors do.
   * `today` is a parameter only for the seed's replay.
   */
  async decide(actor: Actor, id: string, dto: DecideListingDto, today = todayInChina(), replay = false): Promise<StaffListingView> {
    const named = (dto.responsiblePersons ?? []).map((p, i) => ({
      doc: personDocumentOrProblem(p.idType, p.idNumber, `responsiblePersons[${i}].idNumber`, `responsiblePersons[${i}].idType`),
      role: p.role,
      name: p.name.trim(),
    }));
    const after = await inTransaction(this.dataSource, async (em) => {
      // the acting authorities' consent settings (issue 24) ride on the locked read too (issue 21)
      // after the grade lock, the locks the listing-changed handlers take (the change outbox's answers lock, issue 21)
      const handlerLocks = this.events.locksSql(LISTING_CHANGED, 'l.enterprise_id');
      const locked = await this.repo.findForUpdate<{
        sod_tie: { created: boolean; granted: boolean } | null;
        grade_lock: unknown;
        authorities: Record<string, DecisionSetting>;
      }>(
        em,
        id,
        today,
        {
          sod_tie: this.sod.tieSql('$3', 'l.proposed_by'),
          grade_lock: handlerLocks ? `num_nulls(${enterpriseGradeLockSql('l.enterprise_id')}, ${handlerLocks})` : enterpriseGradeLockSql('l.enterprise_id'),
          authorities: this.jurisdiction.decisionSettingsSql('$4'),
        },
        [actor.id, (actor.authorities ?? []).map((a) => a.id)],
      );
      if (!locked) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
      const { sod_tie: tie, grade_lock: _g, authorities, ...before } = locked;
      const authority = replay ? null : await this.jurisdiction.forDecision(actor, before, dto.decidingAuthority, authorities);
      const decidingAuthority = authority?.name ?? dto.decidingAuthority;
      if (!decidingAuthority) {
        throw problem(CommonProblems.validation, 'decidingAuthority is required', [
          fieldProblem('decidingAuthority', 'required', 'name the deciding authority'),
        ]);
      }
      // the pure rules first (state, four eyes, statement period, dates), then the ties only the database knows
      const step = decide(before, {
        by: actor,
        today,
        at: stamp(today),
        decisionNumber: dto.decisionNumber,
        decidingAuthority,
        decidingAuthorityId: authority?.id ?? null,
        startDate: dto.startDate,
        consentAuthorityId: authority?.consentRequired ? authority.parentId : null,
      });
      this.sod.assertNoTie(actor, tie);
      markEnterpriseGradeLocked(em, before.enterprise_id); // the regrade the decision triggers need not take it again
      this.events.markLocked(em, LISTING_CHANGED, before.enterprise_id); // nor the outbox its answers lock
      const persons = { enterpriseId: before.enterprise_id, on: today, named: await this.namedPersons(em, named) };
      return this.transitions.applyLocked(em, actor, before, step, today, persons);
    });
    return toStaffView(after, showsPersonalData(actor));
  }

  /** Issue 18: the persons the decision names, registered (a round trip each, only when named). */
  private async namedPersons(em: EntityManager, named: { doc: PersonDocument; role: string; name: string }[]): Promise<{ personId: string; role: string }[]> {
    const ids: { personId: string; role: string }[] = [];
    for (const n of named) ids.push({ personId: await this.persons.ensure(em, n.doc, n.name), role: n.role });
    return ids;
  }
}
