/** 存续 / 注销 / 吊销 */
export const ENTERPRISE_STATUSES = ['active', 'deregistered', 'revoked'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
export const STATUS_LABELS: Record<EnterpriseStatus, { zh: string; en: string }> = {
  active: { zh: '存续', en: 'Active' },
  deregistered: { zh: '注销', en: 'Deregistered' },
  revoked: { zh: '吊销', en: 'Licence revoked' },
};

/** What other contexts need to know about an enterprise (docs/contracts.md). */
export interface EnterpriseRef {
  id: string;
  uscc: string | null;
  orgCode: string;
  name: string;
  regionCode: string;
  industryCode: string;
  status: EnterpriseStatus;
  /** Registered as a documented exception to the check-character rules (DOMAIN.md §3). */
  codeException: boolean;
}

export interface FormerName {
  name: string;
  from: string | null;
  until: string;
}

/** The staff view of a record (as of now or as of a date). */
export interface EnterpriseView extends EnterpriseRef {
  regionName: string | null;
  /** The region code was retired (GB/T 2260 撤销): since when, and the division that took over (statistics count it there). */
  regionRetired: { validUntil: string; successorCode: string | null; successorName: string | null } | null;
  industryName: { zh: string; en: string | null } | null;
  statusName: { zh: string; en: string };
  formerNames: FormerName[];
  legalRepresentative: {
    name: string | null;
    /** Full number only for roles holding personal-data.read; masked otherwise. */
    idNumber: string | null;
    idNumberMasked: boolean;
    phone: string | null;
  };
  address: string | null;
  registeredOn: string | null;
  codeExceptionReason: string | null;
  version: number;
  effectiveOn: string;
  updatedAt: string;
}

/** The public view (DOMAIN.md §2: no personal data). */
export interface PublicEnterpriseView {
  uscc: string | null;
  orgCode: string;
  name: string;
  formerNames: FormerName[];
  regionCode: string;
  regionName: string | null;
  industryCode: string;
  industryName: { zh: string; en: string | null } | null;
  status: EnterpriseStatus;
  statusName: { zh: string; en: string };
  registeredOn: string | null;
  codeException: boolean;
}

export interface EnterpriseVersion {
  version: number;
  effectiveOn: string;
  recordedAt: string;
  change: string;
  reason: string | null;
  actorId: string;
  actorName: string | null;
  name: string;
  uscc: string | null;
  status: EnterpriseStatus;
}

/** The database row, as selected by ROW_COLUMNS. */
export interface EnterpriseRow {
  id: string;
  uscc: string | null;
  orgCode: string;
  name: string;
  nameSince: string | null;
  formerNames: FormerName[];
  legalRepName: string | null;
  legalRepIdEnc: string | null;
  legalRepIdHash: string | null;
  legalRepIdMasked: string | null;
  legalRepPhone: string | null;
  regionCode: string;
  industryCode: string;
  status: EnterpriseStatus;
  address: string | null;
  registeredOn: string | null;
  codeExceptionReason: string | null;
  version: number;
  effectiveOn: string;
  updatedAt: Date | string;
}

/** Column list for `e` being an enterprises.enterprises row (or one rebuilt from a version's data). */
export const ROW_COLUMNS = `e.id, e.uscc, e.org_code AS "orgCode", e.name, to_char(e.name_since, 'YYYY-MM-DD') AS "nameSince",
  e.former_names AS "formerNames", e.legal_rep_name AS "legalRepName", e.legal_rep_id_enc AS "legalRepIdEnc",
  e.legal_rep_id_hash AS "legalRepIdHash", e.legal_rep_id_masked AS "legalRepIdMasked", e.legal_rep_phone AS "legalRepPhone",
  e.region_code AS "regionCode", e.industry_code AS "industryCode", e.status, e.address,
  to_char(e.registered_on, 'YYYY-MM-DD') AS "registeredOn", e.code_exception_reason AS "codeExceptionReason",
  e.version, to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn", e.updated_at AS "updatedAt"`;

export const REF_COLUMNS = `e.id, e.uscc, e.org_code AS "orgCode", e.name, e.region_code AS "regionCode",
  e.industry_code AS "industryCode", e.status, (e.code_exception_reason IS NOT NULL) AS "codeException"`;

/**
 * Published in the writing transaction when a record is registered or changed (name, status, USCC attached) or
 * imported: `enterpriseId` for one, `enterpriseIds` for an import batch. The change feed diffs the check answer.
 */
export const ENTERPRISE_CHANGED = 'enterprises.enterprise-changed';
