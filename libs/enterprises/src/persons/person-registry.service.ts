import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PersonDocumentType } from '#qcr/identifiers';
import { queryOne, queryRows, querySingle } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../personal-data.js';
import type { PersonDocument } from './person.problems.js';

export const PERSON_ROLES = ['legal_representative', 'director', 'supervisor', 'senior_manager', 'principal'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_ROLE_LABELS: Record<PersonRole, { zh: string; en: string }> = {
  legal_representative: { zh: '法定代表人', en: 'Legal representative' },
  director: { zh: '董事', en: 'Director' },
  supervisor: { zh: '监事', en: 'Supervisor' },
  senior_manager: { zh: '高级管理人员', en: 'Senior manager' },
  principal: { zh: '主要负责人', en: 'Principal' },
};

/** A person's role in an enterprise over [from, to) — `to` null while it lasts. */
export interface PersonRoleView {
  id: string;
  enterprise: { id: string; name: string; uscc: string | null; orgCode: string };
  role: PersonRole;
  from: string;
  to: string | null;
  version: number;
}

export interface PersonProfile {
  id: string;
  documentType: PersonDocumentType;
  /** first and last character only (issue 13 mask) */
  idMasked: string;
  name: string | null;
  /** the sealed number, opened only for callers holding personal-data.read */
  sealed: string;
}

type Db = Pick<EntityManager, 'query'>;

/**
 * Responsible persons and their roles (issue 18). A person is found by the keyed digest of the document under any
 * key of the ring (current first), so a rotation in progress never splits a person in two.
 */
@Injectable()
export class PersonRegistry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** The person holding this document, or null. */
  async find(doc: PersonDocument, em: Db = this.db): Promise<string | null> {
    const [row]: { id: string }[] = await em.query(`SELECT id FROM enterprises.persons WHERE digest = ANY($1::text[]) LIMIT 1`, [
      this.cipher.personDigests(doc.type, doc.number),
    ]);
    return row?.id ?? null;
  }

  /** The person holding this document, created (sealed) when new. Runs in the caller's transaction. */
  async ensure(em: Db, doc: PersonDocument, name: string | null): Promise<string> {
    const found = await this.find(doc, em);
    if (found) return found;
    const sealed = this.cipher.sealPerson(doc.type, doc.number);
    // ON CONFLICT DO UPDATE returns the row in both cases.
    const row = await querySingle<{ id: string }>(
      em,
      `INSERT INTO enterprises.persons (doc_type, digest, key_id, id_enc, id_masked, name) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING id`,
      [doc.type, sealed.digest, sealed.keyId, sealed.enc, sealed.masked, name],
    );
    return row.id;
  }

  /**
   * The enterprise's legal representative from `from` on: the previous one's role ends that day, the new one's opens
   * (enterprises.link_legal_reps). `doc` null: the record names no legal representative any more.
   */
  async linkLegalRep(em: Db, enterpriseId: string, doc: PersonDocument | null, name: string | null, from: string): Promise<void> {
    const personId = doc ? await this.ensure(em, doc, name) : null;
    const [digest]: { digest: string }[] = personId ? await em.query(`SELECT digest FROM enterprises.persons WHERE id = $1`, [personId]) : [];
    await em.query(`SELECT enterprises.link_legal_reps($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[])`, [
      [enterpriseId],
      [doc?.type ?? null],
      [digest?.digest ?? null],
      [null],
      [null],
      [null],
      [name],
      [from],
    ]);
  }

  /** After an import batch: the legal representatives of the records with these organisation codes, as stored. */
  async linkImported(em: Db, orgCodes: string[]): Promise<void> {
    await em.query(
      `SELECT enterprises.link_legal_reps(array_agg(e.id), array_agg('resident_id'::text), array_agg(e.legal_rep_id_hash),
              array_agg(substring(e.legal_rep_id_enc from '^v2:([A-Za-z0-9_-]+):')), array_agg(e.legal_rep_id_enc),
              array_agg(e.legal_rep_id_masked), array_agg(e.legal_rep_name), array_agg(e.effective_on))
         FROM enterprises.enterprises e WHERE e.org_code = ANY($1::text[])
        HAVING count(*) > 0`,
      [orgCodes],
    );
  }

  /** Who held which role in the enterprise on the date (the decision names them; listings record them). */
  async officersOn(em: Db, enterpriseId: string, date: string): Promise<{ personId: string; role: PersonRole }[]> {
    const rows: { person_id: string; role: PersonRole }[] = await em.query(
      `SELECT person_id, role FROM enterprises.officers_on($1::uuid, $2::date) ORDER BY valid_from, person_id`,
      [enterpriseId, date],
    );
    return rows.map((r) => ({ personId: r.person_id, role: r.role }));
  }

  async profile(personId: string): Promise<PersonProfile | null> {
    return queryOne<PersonProfile>(
      this.db,
      `SELECT id, doc_type AS "documentType", id_masked AS "idMasked", name, id_enc AS sealed FROM enterprises.persons WHERE id = $1`,
      [personId],
    );
  }

  /** Opens the sealed number (staff holding personal-data.read only: the caller checks). */
  open(sealed: string): string {
    return this.cipher.decrypt(sealed);
  }

  /** Every role the person held or holds, across enterprises, oldest first. */
  async rolesOf(personId: string): Promise<PersonRoleView[]> {
    return queryRows<PersonRoleView>(
      this.db,
      `SELECT r.id, r.role, r.valid_from::text AS "from", r.valid_to::text AS "to", r.version,
              json_build_object('id', e.id, 'name', e.name, 'uscc', e.uscc, 'orgCode', e.org_code) AS enterprise
         FROM enterprises.person_roles r JOIN enterprises.enterprises e ON e.id = r.enterprise_id
        WHERE r.person_id = $1 ORDER BY r.valid_from, r.id`,
      [personId],
    );
  }

  /** The roles of an enterprise's persons, oldest first (the enterprise's officers list). */
  async rolesIn(
    enterpriseId: string,
  ): Promise<(Omit<PersonRoleView, 'enterprise'> & { personId: string; name: string | null; idMasked: string; documentType: string })[]> {
    return this.db.query(
      `SELECT r.id, r.role, r.valid_from::text AS "from", r.valid_to::text AS "to", r.version, r.person_id AS "personId", p.name,
              p.id_masked AS "idMasked", p.doc_type AS "documentType"
         FROM enterprises.person_roles r JOIN enterprises.persons p ON p.id = r.person_id
        WHERE r.enterprise_id = $1 ORDER BY r.valid_from, r.id`,
      [enterpriseId],
    );
  }
}
