import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesGrant } from '#qcr/access';
import { AuditLog } from '#qcr/audit';
import { normalizeCode, parseEnterpriseCode, parseExceptionCode } from '#qcr/identifiers';
import {
  type Actor,
  assertWithinJurisdiction,
  CommonProblems,
  DomainEvents,
  inTransaction,
  isPgError,
  Permission,
  PG,
  problem,
  querySingle,
  todayInChina,
} from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { EnterpriseRow, FormerName } from './enterprise.types.js';
import { ENTERPRISE_CHANGED, ROW_COLUMNS } from './enterprise.types.js';
import { toRef, versionFromIfMatch } from './enterprise-views.js';
import type { ChangeStatusDto, CorrectEnterpriseDto, RegisterEnterpriseDto, RenameEnterpriseDto } from './enterprises.dto.js';
import { EnterpriseProblems } from './enterprises.problems.js';
import { EnterprisesService } from './enterprises.service.js';
import { PersonalDataCipher } from './personal-data.js';
import { ReferenceCache, type ReferenceSnapshot } from './reference-cache.js';
import { regionFromDivision, resolveIndustryCode } from './reference-data.js';
import { nearestCodes } from './reference-suggest.js';
import { type PersonDocument, personDocumentOrProblem } from './persons/person.problems.js';
import { PersonRegistry } from './persons/person-registry.service.js';
import type { LegalRepresentativeDto } from './enterprises.dto.js';
import type { PersonDocumentType } from '#qcr/identifiers';

/**
 * The legal representative's document (issue 18): validated when its type is sent; without a type, a resident ID
 * as recorded before (provincial exports carry numbers that fail GB 11643 and must still import). null: none.
 */
function legalRepDocument(rep: LegalRepresentativeDto | undefined): PersonDocument | null {
  if (!rep?.idNumber) return null;
  if (rep.idType !== undefined) return personDocumentOrProblem(rep.idType, rep.idNumber, 'legalRepresentative.idNumber', 'legalRepresentative.idType');
  return { type: 'resident_id' as PersonDocumentType, number: normalizeCode(rep.idNumber) };
}

export const enterpriseLocation = (r: { uscc: string | null; orgCode: string }) => `/api/v1/enterprises/${r.uscc ?? r.orgCode}`;

/** Tells the history trigger who changed the record and why (enterprise_versions.change/actor/reason). */
export async function describeChange(em: Pick<EntityManager, 'query'>, actor: Actor, change: string, reason?: string | null): Promise<void> {
  await em.query(`SELECT set_config('qcr.change', $1, true)`, [JSON.stringify({ change, actorId: actor.id, actorName: actor.name, reason: reason ?? null })]);
}

/** What the audit log keeps of a record: no ID number, only its mask. */
function auditSnapshot(r: EnterpriseRow) {
  return { ...toRef(r), version: r.version, effectiveOn: r.effectiveOn, legalRep: r.legalRepName, legalRepId: r.legalRepIdMasked, address: r.address };
}

type Mutable = Pick<
  EnterpriseRow,
  | 'name'
  | 'nameSince'
  | 'formerNames'
  | 'legalRepName'
  | 'legalRepIdEnc'
  | 'legalRepIdHash'
  | 'legalRepIdMasked'
  | 'legalRepPhone'
  | 'regionCode'
  | 'industryCode'
  | 'status'
  | 'address'
  | 'registeredOn'
>;

/** Registrations and changes of enterprise records. Every change: one transaction, one version, one audit entry. */
@Injectable()
export class EnterpriseRegistrar {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly reads: EnterprisesService,
    private readonly cipher: PersonalDataCipher,
    private readonly reference: ReferenceCache,
    private readonly persons: PersonRegistry,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Registers a new enterprise, or attaches a USCC to the record already holding its
   * organisation code (DOMAIN.md §3). An existing code is a 409 pointing at the record.
   */
  async register(actor: Actor, dto: RegisterEnterpriseDto): Promise<{ row: EnterpriseRow; attached: boolean }> {
    const strict = parseEnterpriseCode(dto.code);
    let parsed = strict;
    let exceptionReason: string | null = null;
    if (!strict.ok && dto.codeException) {
      if (!rolesGrant(actor.roles, Permission.EnterpriseRegisterException)) {
        throw problem(EnterpriseProblems.exceptionNotAllowed, `requires permission ${Permission.EnterpriseRegisterException}`);
      }
      parsed = parseExceptionCode(dto.code);
      exceptionReason = dto.codeException.reason;
    }
    if (!parsed.ok) {
      throw problem(EnterpriseProblems.invalidCode, parsed.message, [{ field: 'code', rule: parsed.rule, message: parsed.message }], {
        ...(parsed.position !== undefined && { position: parsed.position }),
        ...(parsed.expected !== undefined && { expected: parsed.expected }),
      });
    }
    const effectiveOn = this.effectiveDate(dto.effectiveOn, null);
    const ref = await this.reference.get();
    const regionCode = dto.regionCode ?? (parsed.uscc ? regionFromDivision(parsed.uscc.slice(2, 8), new Set(ref.divisions.keys())) : null);
    if (!regionCode) {
      throw problem(CommonProblems.validation, 'regionCode is required when the code carries no known division', [
        { field: 'regionCode', rule: 'required', message: 'regionCode is required for an organisation code' },
      ]);
    }
    const industryCode = this.industry(dto.industryCode, ref);
    this.checkReference(regionCode, industryCode, ref);
    // DOMAIN.md §7: staff register enterprises only within their authority's region (issue 24)
    assertWithinJurisdiction(actor, regionCode, 'registering an enterprise');
    const uscc = parsed.uscc ?? null;
    const orgCode = parsed.orgCode;
    const repDoc = legalRepDocument(dto.legalRepresentative);
    try {
      return await inTransaction(this.db, async (em) => {
        // Serialise registrations of one organisation code (a USCC embeds it): with no row yet, FOR UPDATE locks
        // nothing, so an org-code and its USCC registered at once both inserted and the USCC lost with 409 instead of
        // being attached (issue 25). The lock is held to commit; the second sees the first's row.
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('enterprises.org_code:' || $1, 0))`, [orgCode]);
        const [existing]: EnterpriseRow[] = await em.query(
          `SELECT ${ROW_COLUMNS} FROM enterprises.enterprises e WHERE e.org_code = $1 OR e.uscc = $2 FOR UPDATE`,
          [orgCode, uscc],
        );
        if (existing) {
          if (uscc && existing.uscc === null && existing.orgCode === orgCode)
            return { row: await this.attach(em, actor, existing, uscc, effectiveOn), attached: true };
          throw this.duplicate(existing, uscc && existing.uscc && existing.uscc !== uscc ? 'usccConflict' : 'alreadyRegistered');
        }
        await describeChange(em, actor, 'registered', exceptionReason ? `code exception: ${exceptionReason}` : null);
        // The legal representative is optional (docs/enterprises.md; issue 14): a record may be registered before it is known.
        const legalRep = dto.legalRepresentative;
        const rep = this.cipher.seal(legalRep?.idNumber);
        const row = await querySingle<EnterpriseRow>(
          em,
          `INSERT INTO enterprises.enterprises AS e (uscc, org_code, name, name_since, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
             legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, code_exception_reason, effective_on)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING ${ROW_COLUMNS}`,
          [
            uscc,
            orgCode,
            dto.name.trim(),
            dto.registeredOn ?? effectiveOn,
            legalRep?.name.trim() ?? null,
            rep.enc,
            rep.hash,
            rep.masked,
            this.cipher.sealPhone(legalRep?.phone),
            regionCode,
            industryCode,
            dto.status ?? 'active',
            dto.address ?? null,
            dto.registeredOn ?? null,
            exceptionReason,
            effectiveOn,
          ],
        );
        if (repDoc) await this.persons.linkLegalRep(em, row.id, repDoc, row.legalRepName, effectiveOn);
        await this.audit.record(em, actor, {
          action: 'enterprise.registered',
          entityType: 'enterprise',
          entityId: row.id,
          after: auditSnapshot(row),
          reason: exceptionReason,
        });
        await this.events.publish(em, { type: ENTERPRISE_CHANGED, enterpriseId: row.id });
        return { row, attached: false };
      });
    } catch (err) {
      // A concurrent registration of the same code won the race: the loser gets the winner's location.
      if (isPgError(err, PG.uniqueViolation)) {
        const winner = await this.reads.resolve(uscc ?? orgCode);
        throw winner
          ? this.duplicate(winner, 'alreadyRegistered')
          : problem(EnterpriseProblems.alreadyRegistered, `code ${uscc ?? orgCode} is already registered`);
      }
      throw err;
    }
  }

  async correct(actor: Actor, code: string, ifMatch: string | undefined, dto: CorrectEnterpriseDto) {
    const ref = await this.reference.get();
    const industryCode = dto.industryCode === undefined ? undefined : this.industry(dto.industryCode, ref);
    if (dto.regionCode || industryCode) this.checkReference(dto.regionCode, industryCode, ref);
    const repDoc = legalRepDocument(dto.legalRepresentative);
    // A new ID number names a (possibly) new person: the legal-representative role moves from the change's date.
    const relink =
      dto.legalRepresentative?.idNumber !== undefined
        ? (em: EntityManager, row: EnterpriseRow, effectiveOn: string) => this.persons.linkLegalRep(em, row.id, repDoc, row.legalRepName, effectiveOn)
        : undefined;
    return this.change(actor, code, ifMatch, 'corrected', dto.reason, dto.effectiveOn, relink, (r) => {
      const rep = dto.legalRepresentative;
      const sealed = rep?.idNumber !== undefined ? this.cipher.seal(rep.idNumber) : null;
      return {
        ...r,
        name: dto.name?.trim() ?? r.name,
        legalRepName: rep?.name.trim() ?? r.legalRepName,
        legalRepIdEnc: sealed ? sealed.enc : r.legalRepIdEnc,
        legalRepIdHash: sealed ? sealed.hash : r.legalRepIdHash,
        legalRepIdMasked: sealed ? sealed.masked : r.legalRepIdMasked,
        legalRepPhone: rep?.phone !== undefined ? this.cipher.sealPhone(rep.phone) : r.legalRepPhone,
        regionCode: dto.regionCode ?? r.regionCode,
        industryCode: industryCode ?? r.industryCode,
        address: dto.address ?? r.address,
        registeredOn: dto.registeredOn ?? r.registeredOn,
      };
    });
  }

  /** 更名: the old name is kept with the dates it was borne. */
  async rename(actor: Actor, code: string, ifMatch: string | undefined, dto: RenameEnterpriseDto) {
    return this.change(actor, code, ifMatch, 'renamed', dto.reason, dto.effectiveOn, undefined, (r, effectiveOn) => {
      const name = dto.name.trim();
      if (name === r.name) throw problem(CommonProblems.unprocessable, `the enterprise is already named ${name}`);
      const former: FormerName = { name: r.name, from: r.nameSince, until: effectiveOn };
      return { ...r, name, nameSince: effectiveOn, formerNames: [...(r.formerNames ?? []), former] };
    });
  }

  /** 存续 / 注销 / 吊销 */
  async changeStatus(actor: Actor, code: string, ifMatch: string | undefined, dto: ChangeStatusDto) {
    return this.change(actor, code, ifMatch, 'status-changed', dto.reason, dto.effectiveOn, undefined, (r) => {
      if (r.status === dto.status) throw problem(CommonProblems.unprocessable, `status is already ${dto.status}`);
      return { ...r, status: dto.status };
    });
  }

  /** Optimistic concurrency: the UPDATE only applies to the version the caller read (If-Match). */
  private async change(
    actor: Actor,
    code: string,
    ifMatch: string | undefined,
    change: string,
    reason: string,
    effectiveOnInput: string | undefined,
    afterWrite: ((em: EntityManager, row: EnterpriseRow, effectiveOn: string) => Promise<void>) | undefined,
    apply: (row: EnterpriseRow, effectiveOn: string) => Mutable,
  ): Promise<EnterpriseRow> {
    if (!ifMatch) throw problem(EnterpriseProblems.versionRequired, 'send If-Match with the ETag you read');
    const expected = versionFromIfMatch(ifMatch);
    return inTransaction(this.db, async (em) => {
      const current = await this.reads.findRow(normalizeCode(code), undefined, em);
      // DOMAIN.md §7 (issue 24): a correction is a write within the authority's region — the record's region, and
      // the region it is moved to
      assertWithinJurisdiction(actor, current.regionCode, `${change} of an enterprise`);
      if (current.version !== expected) throw this.stale(current);
      const effectiveOn = this.effectiveDate(effectiveOnInput, current.effectiveOn);
      const next = apply(current, effectiveOn);
      if (next.regionCode !== current.regionCode) assertWithinJurisdiction(actor, next.regionCode, `moving an enterprise to region ${next.regionCode}`);
      await describeChange(em, actor, change, reason);
      const [[row]]: [EnterpriseRow[], number] = await em.query(
        `UPDATE enterprises.enterprises e SET name = $3, name_since = $4, former_names = $5, legal_rep_name = $6, legal_rep_id_enc = $7,
           legal_rep_id_hash = $8, legal_rep_id_masked = $9, legal_rep_phone = $10, region_code = $11, industry_code = $12, status = $13,
           address = $14, registered_on = $15, effective_on = $16, version = e.version + 1, updated_at = now()
         WHERE e.id = $1 AND e.version = $2 RETURNING ${ROW_COLUMNS}`,
        [
          current.id,
          expected,
          next.name,
          next.nameSince,
          JSON.stringify(next.formerNames ?? []),
          next.legalRepName,
          next.legalRepIdEnc,
          next.legalRepIdHash,
          next.legalRepIdMasked,
          next.legalRepPhone,
          next.regionCode,
          next.industryCode,
          next.status,
          next.address,
          next.registeredOn,
          effectiveOn,
        ],
      );
      if (!row) {
        // A concurrent writer committed first; report the version it left.
        const [latest]: { version: number }[] = await em.query(`SELECT version FROM enterprises.enterprises WHERE id = $1`, [current.id]);
        throw this.stale(latest ?? current);
      }
      await afterWrite?.(em, row, effectiveOn);
      await this.audit.record(em, actor, {
        action: `enterprise.${change}`,
        entityType: 'enterprise',
        entityId: row.id,
        before: auditSnapshot(current),
        after: auditSnapshot(row),
        reason,
      });
      await this.events.publish(em, { type: ENTERPRISE_CHANGED, enterpriseId: row.id });
      return row;
    }).catch((err) => {
      if (isPgError(err, PG.foreignKeyViolation)) throw problem(EnterpriseProblems.unknownReference, 'unknown region or industry code');
      throw err;
    });
  }

  private async attach(em: EntityManager, actor: Actor, existing: EnterpriseRow, uscc: string, effectiveOn: string): Promise<EnterpriseRow> {
    await describeChange(em, actor, 'uscc-attached', `USCC ${uscc} issued to organisation code ${existing.orgCode}`);
    const [[row]]: [EnterpriseRow[], number] = await em.query(
      `UPDATE enterprises.enterprises e SET uscc = $2, version = e.version + 1, effective_on = greatest(e.effective_on, $3::date), updated_at = now()
        WHERE e.id = $1 AND e.uscc IS NULL RETURNING ${ROW_COLUMNS}`,
      [existing.id, uscc, effectiveOn],
    );
    if (!row) throw this.duplicate(existing, 'usccConflict');
    await this.audit.record(em, actor, {
      action: 'enterprise.uscc-attached',
      entityType: 'enterprise',
      entityId: row.id,
      before: auditSnapshot(existing),
      after: auditSnapshot(row),
    });
    await this.events.publish(em, { type: ENTERPRISE_CHANGED, enterpriseId: row.id });
    return row;
  }

  private effectiveDate(given: string | undefined, notBefore: string | null): string {
    const today = todayInChina();
    const date = given ?? (notBefore && notBefore > today ? notBefore : today);
    if (date > today) throw problem(EnterpriseProblems.effectiveDate, `effectiveOn ${date} is in the future (today is ${today})`);
    if (notBefore && date < notBefore) {
      throw problem(EnterpriseProblems.effectiveDate, `effectiveOn ${date} is before the current version's ${notBefore}; history is append-only`);
    }
    return date;
  }

  /** A 2017 code, or a 2011 one mapped where the correspondence is 1:1; a split 2011 code is refused with its candidates. */
  private industry(given: string, ref: ReferenceSnapshot): string {
    const r = resolveIndustryCode(given, ref.industries, ref.correspondence2011);
    if (r.kind === 'code') return r.code;
    const message = `GB/T 4754-2011 code ${r.from2011} corresponds to several 2017 codes (${r.candidates.join(', ')}); give one of them`;
    throw problem(EnterpriseProblems.industry2011Ambiguous, message, [{ field: 'industryCode', rule: 'gbt4754_2011_ambiguous', message }], {
      from2011: r.from2011,
      candidates: r.candidates,
    });
  }

  /** Unknown codes are named with the nearest valid ones (same prefix, same level: issue 14). */
  private checkReference(
    regionCode: string | undefined,
    industryCode: string | undefined,
    ref: { divisions: Map<string, string>; industries: Map<string, unknown> },
  ) {
    const unknown = (field: string, rule: string, what: string, code: string, known: Map<string, unknown>) => {
      const nearest = nearestCodes(code, known.keys());
      const hint = nearest.length ? `; nearest valid: ${nearest.join(', ')}` : '';
      return { field, rule, message: `unknown ${what} ${code}${hint}`, nearest };
    };
    const errors = [
      ...(regionCode === undefined || ref.divisions.has(regionCode) ? [] : [unknown('regionCode', 'gbt2260', 'GB/T 2260 division', regionCode, ref.divisions)]),
      ...(industryCode === undefined || ref.industries.has(industryCode)
        ? []
        : [unknown('industryCode', 'gbt4754', 'GB/T 4754 code', industryCode, ref.industries)]),
    ];
    if (errors.length) {
      throw problem(
        EnterpriseProblems.unknownReference,
        errors.map((e) => e.message).join('; '),
        errors.map(({ field, rule, message }) => ({ field, rule, message })),
        { nearest: Object.fromEntries(errors.map((e) => [e.field, e.nearest])) },
      );
    }
  }

  private duplicate(existing: { id: string; uscc: string | null; orgCode: string }, kind: 'alreadyRegistered' | 'usccConflict') {
    const location = enterpriseLocation(existing);
    return problem(EnterpriseProblems[kind], `already registered as ${existing.uscc ?? existing.orgCode}`, [], { location, existingId: existing.id });
  }

  private stale(current: { version: number }) {
    return problem(EnterpriseProblems.stale, `the record is at version ${current.version}; re-read it and retry`, [], { currentVersion: current.version });
  }
}
