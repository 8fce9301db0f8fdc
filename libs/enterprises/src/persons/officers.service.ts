import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { normalizeCode } from '#qcr/identifiers';
import { type Actor, assertWithinJurisdiction, inTransaction, isPgError, PG, problem, queryChanged, queryOne, querySingle, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { describeChange } from '../enterprise-registrar.service.js';
import { EnterprisesService } from '../enterprises.service.js';
import type { AddOfficerDto, EndOfficerRoleDto } from './officers.dto.js';
import { personDocumentOrProblem, PersonProblems } from './person.problems.js';
import { PersonRegistry } from './person-registry.service.js';

/**
 * 董事、监事、高管、主要负责人 of an enterprise, recorded by the registrar with their period (issue 18). The legal
 * representative comes from the record itself (registration, correction, import). The audit log names the role and
 * the person's id, never the document number or its digest.
 */
/** One officer role of an enterprise as the officer routes answer it (the person by id only). */
export interface OfficerRoleView {
  id: string;
  personId: string;
  role: string;
  /** first day in the role */
  from: string;
  /** first day no longer in it; null while it lasts */
  to: string | null;
  version: number;
}

@Injectable()
export class OfficersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly enterprises: EnterprisesService,
    private readonly persons: PersonRegistry,
  ) {}

  async list(code: string) {
    const row = await this.enterprises.findRow(normalizeCode(code));
    return { enterpriseId: row.id, roles: await this.persons.rolesIn(row.id) };
  }

  async add(actor: Actor, code: string, dto: AddOfficerDto): Promise<OfficerRoleView> {
    const doc = personDocumentOrProblem(dto.idType, dto.idNumber);
    if (dto.to !== undefined && dto.to < dto.from) throw periodProblem('to lies before from', 'to');
    if (dto.from > todayInChina()) throw periodProblem('from lies in the future', 'from');
    const enterprise = await this.enterprises.findRow(normalizeCode(code));
    assertWithinJurisdiction(actor, enterprise.regionCode, 'recording an officer of an enterprise'); // issue 24
    try {
      return await inTransaction(this.db, async (em) => {
        await describeChange(em, actor, 'officer-added', dto.reason);
        const personId = await this.persons.ensure(em, doc, dto.name.trim());
        const role = await querySingle<Omit<OfficerRoleView, 'personId'>>(
          em,
          `INSERT INTO enterprises.person_roles (enterprise_id, person_id, role, valid_from, valid_to) VALUES ($1,$2,$3,$4,$5)
           RETURNING id, role, valid_from::text AS "from", valid_to::text AS "to", version`,
          [enterprise.id, personId, dto.role, dto.from, dto.to ?? null],
        );
        await this.audit.record(em, actor, {
          action: 'enterprise.officer-added',
          entityType: 'enterprise',
          entityId: enterprise.id,
          after: { roleId: role.id, personId, role: dto.role, from: dto.from, to: dto.to ?? null },
          reason: dto.reason,
        });
        return { ...role, personId };
      });
    } catch (err) {
      if (isPgError(err, PG.exclusionViolation)) throw problem(PersonProblems.roleOverlap, `this person already holds ${dto.role} in that period`);
      throw err;
    }
  }

  async end(actor: Actor, code: string, roleId: string, dto: EndOfficerRoleDto): Promise<OfficerRoleView> {
    const enterprise = await this.enterprises.findRow(normalizeCode(code));
    assertWithinJurisdiction(actor, enterprise.regionCode, 'ending an officer role of an enterprise'); // issue 24
    return inTransaction(this.db, async (em) => {
      const before = await queryOne<Omit<OfficerRoleView, 'version'>>(
        em,
        `SELECT id, person_id AS "personId", role, valid_from::text AS "from", valid_to::text AS "to" FROM enterprises.person_roles
          WHERE id = $1 AND enterprise_id = $2 FOR UPDATE`,
        [roleId, enterprise.id],
      );
      if (!before) throw problem(PersonProblems.roleNotFound, `no role ${roleId} in this enterprise`);
      if (before.to !== null) throw periodProblem(`the role already ended on ${before.to}`, 'on');
      if (dto.on < before.from) throw periodProblem(`the role began on ${before.from}`, 'on');
      await describeChange(em, actor, 'officer-ended', dto.reason);
      const {
        rows: [after],
      } = await queryChanged<OfficerRoleView>(
        em,
        `UPDATE enterprises.person_roles SET valid_to = $2 WHERE id = $1
         RETURNING id, person_id AS "personId", role, valid_from::text AS "from", valid_to::text AS "to", version`,
        [roleId, dto.on],
      );
      if (!after) throw new Error(`role ${roleId} was locked FOR UPDATE above, yet the UPDATE found no row`);
      await this.audit.record(em, actor, {
        action: 'enterprise.officer-ended',
        entityType: 'enterprise',
        entityId: enterprise.id,
        before,
        after,
        reason: dto.reason,
      });
      return after;
    });
  }
}

function periodProblem(message: string, field: string) {
  return problem(PersonProblems.rolePeriod, message, [{ field, rule: 'period', message }]);
}
