import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesGrant } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { PERSON_ROLE_LABELS, personDocumentOrProblem, PersonProblems, PersonRegistry, type PersonRoleView } from '#qcr/enterprises';
import { type Actor, inTransaction, Permission, problem, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';

/** A listing that recorded the person as responsible, in any state, with what it restricts and when. */
export interface PersonListingRecord {
  id: string;
  status: string;
  role: string;
  enterprise: { id: string; name: string; uscc: string | null; orgCode: string };
  listType: string;
  decisionNumber: string | null;
  legalBasis: string;
  startDate: string | null;
  plannedEndDate: string | null;
  endedOn: string | null;
  endKind: string | null;
  /** whether the restriction on the person is in force today (blacklist.in_force_on, the listing's own rule) */
  inForceToday: boolean;
}

export interface PersonPage {
  id: string;
  documentType: string;
  idMasked: string;
  /** only with personal-data.read and `reveal=true`; audited as its own entry */
  idNumber?: string;
  name: string | null;
  roles: (PersonRoleView & { roleName: { zh: string; en: string } })[];
  listings: PersonListingRecord[];
}

/**
 * 个人质量信用档案 for regulators (issue 18): a person's roles across enterprises over time and the listings naming
 * them. Only staff with person.read; every view and every lookup is an audit entry naming the person's id (never the
 * number or its digest). The public API has no person route.
 */
@Injectable()
export class PersonPageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly persons: PersonRegistry,
    private readonly audit: AuditLog,
  ) {}

  /** By document (sent in the body): the person's id, or 404. */
  async lookup(actor: Actor, idType: string, idNumber: string): Promise<{ id: string }> {
    const doc = personDocumentOrProblem(idType, idNumber);
    const id = await this.persons.find(doc);
    await this.record(actor, 'person.looked-up', id ?? 'none', { documentType: doc.type, found: id !== null });
    if (!id) throw problem(PersonProblems.notFound, 'no person is recorded with this document');
    return { id };
  }

  async page(actor: Actor, personId: string, reveal = false): Promise<PersonPage> {
    const profile = await this.persons.profile(personId);
    if (!profile) throw problem(PersonProblems.notFound, `no person ${personId}`);
    const mayReveal = reveal && actor.kind === 'staff' && rolesGrant(actor.roles, Permission.PersonalDataRead);
    const [roles, listings] = await Promise.all([this.persons.rolesOf(personId), this.listingsOf(personId)]);
    await this.record(actor, mayReveal ? 'person.viewed-with-id' : 'person.viewed', personId, { roles: roles.length, listings: listings.length });
    return {
      id: profile.id,
      documentType: profile.documentType,
      idMasked: profile.idMasked,
      ...(mayReveal ? { idNumber: this.persons.open(profile.sealed) } : {}),
      name: profile.name,
      roles: roles.map((r) => ({ ...r, roleName: PERSON_ROLE_LABELS[r.role] })),
      listings,
    };
  }

  private listingsOf(personId: string): Promise<PersonListingRecord[]> {
    return this.db.query(
      `SELECT l.id, l.status, lp.role, l.list_type AS "listType", l.decision_number AS "decisionNumber", l.legal_basis AS "legalBasis",
              l.start_date::text AS "startDate", l.planned_end_date::text AS "plannedEndDate", l.ended_on::text AS "endedOn", l.end_kind AS "endKind",
              blacklist.in_force_on(l.status, l.start_date, l.ended_on, l.planned_end_date, $2::date) AS "inForceToday",
              json_build_object('id', l.enterprise_id, 'name', l.enterprise_name, 'uscc', l.enterprise_uscc, 'orgCode', l.enterprise_org_code) AS enterprise
         FROM blacklist.listing_persons lp JOIN blacklist.listings l ON l.id = lp.listing_id
        WHERE lp.person_id = $1 ORDER BY l.start_date NULLS LAST, l.seq`,
      [personId, todayInChina()],
    );
  }

  private async record(actor: Actor, action: string, personId: string, after: Record<string, unknown>): Promise<void> {
    await inTransaction(this.db, (em) => this.audit.record(em, actor, { action, entityType: 'person', entityId: personId, after }));
  }
}
