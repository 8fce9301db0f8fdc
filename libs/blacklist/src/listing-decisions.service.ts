import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SeparationOfDuties } from '#qcr/access';
import { personDocumentOrProblem, type PersonDocument, type PersonRole, PersonRegistry } from '#qcr/enterprises';
import {
  type Actor, CommonProblems, enterpriseGradeLockSql, fieldProblem, inTransaction, markEnterpriseGradeLocked, problem, todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
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
 * listing once, FOR UPDATE, with its four-eyes tie check and the enterprise's grade lock in the same round trip; the
 * acting authority from the locked row's region (issue 24); the aggregate's step (update, history, audit) as one
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
      const locked = await this.repo.findForUpdate<{ sod_tie: { created: boolean; granted: boolean } | null; grade_lock: unknown }>(
        em, id, today, { sod_tie: this.sod.tieSql('$3', 'l.proposed_by'), grade_lock: enterpriseGradeLockSql('l.enterprise_id') }, [actor.id],
      );
      if (!locked) throw problem(BlacklistProblems.listingNotFound, `no listing ${id}`);
      const { sod_tie: tie, grade_lock: _g, ...before } = locked;
      const authority = replay ? null : await this.jurisdiction.forDecision(actor, before, dto.decidingAuthority);
      const decidingAuthority = authority?.name ?? dto.decidingAuthority;
      if (!decidingAuthority) {
        throw problem(CommonProblems.validation, 'decidingAuthority is required', [fieldProblem('decidingAuthority', 'required', 'name the deciding authority')]);
      }
      // the pure rules first (state, four eyes, statement period, dates), then the ties only the database knows
      const responsiblePersons: { personId: string; role: string }[] = [];
      const check = (persons: typeof responsiblePersons) => decide(before, {
        by: actor, today, at: stamp(today), decisionNumber: dto.decisionNumber, decidingAuthority, decidingAuthorityId: authority?.id ?? null,
        startDate: dto.startDate, consentAuthorityId: authority?.consentRequired ? authority.parentId : null, responsiblePersons: persons,
      });
      check(responsiblePersons);
      this.sod.assertNoTie(actor, tie);
      markEnterpriseGradeLocked(em, before.enterprise_id); // the regrade the decision triggers need not take it again
      responsiblePersons.push(...await this.recordResponsiblePersons(em, before.enterprise_id, id, today, named)); // issue 18: one statement
      return this.transitions.applyLocked(em, actor, before, check(responsiblePersons), today);
    });
    return toStaffView(after, showsPersonalData(actor));
  }

  /**
   * Issue 18: the persons a decision names, and the enterprise's legal representative on the decision date
   * (enterprises.officers_on, the enterprises context's published lookup), recorded on the listing in one
   * statement; returns what the audit entry keeps of them — person ids and roles, never a number or a digest.
   */
  private async recordResponsiblePersons(
    em: EntityManager,
    enterpriseId: string,
    listingId: string,
    today: string,
    named: { doc: PersonDocument; role: string; name: string }[],
  ): Promise<{ personId: string; role: string }[]> {
    const extra: { personId: string; role: string }[] = [];
    for (const n of named) extra.push({ personId: await this.persons.ensure(em, n.doc, n.name), role: n.role as PersonRole });
    const rows: { personId: string; role: string }[] = await em.query(
      `WITH chosen AS (
         SELECT person_id, role FROM enterprises.officers_on($2::uuid, $3::date) WHERE role = 'legal_representative'
         UNION SELECT * FROM unnest($4::uuid[], $5::text[]))
       INSERT INTO blacklist.listing_persons (listing_id, person_id, role) SELECT $1, person_id, role FROM chosen
       ON CONFLICT DO NOTHING RETURNING person_id AS "personId", role`,
      [listingId, enterpriseId, today, extra.map((e) => e.personId), extra.map((e) => e.role)],
    );
    return rows.sort((a, b) => (a.role === b.role ? (a.personId < b.personId ? -1 : 1) : a.role < b.role ? -1 : 1));
  }
}
