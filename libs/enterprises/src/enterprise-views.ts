import type { EnterpriseRef, EnterpriseRow, EnterpriseView, PublicEnterpriseView } from './enterprise.types.js';
import { STATUS_LABELS } from './enterprise.types.js';
import { maskPhone } from './personal-data.js';
import type { ReferenceSnapshot } from './reference-cache.js';

export function toRef(r: EnterpriseRow): EnterpriseRef {
  return {
    id: r.id,
    uscc: r.uscc,
    orgCode: r.orgCode,
    name: r.name,
    regionCode: r.regionCode,
    industryCode: r.industryCode,
    status: r.status,
    codeException: r.codeExceptionReason !== null,
  };
}

/** A retired division (撤销, GB/T 2260) and the one that took it over: reported, not rewritten (issue 14). */
function retiredRegion(code: string, ref: ReferenceSnapshot): EnterpriseView['regionRetired'] {
  const retired = ref.retired.get(code);
  if (!retired) return null;
  const successor = retired.successorCode;
  return { validUntil: retired.validUntil, successorCode: successor, successorName: successor ? (ref.divisions.get(successor) ?? null) : null };
}

/** Staff view; the ID number and phone are shown in full only for roles holding personal-data.read. */
export function toStaffView(r: EnterpriseRow, ref: ReferenceSnapshot, cipher: { decrypt: (enc: string) => string }, showPersonal: boolean): EnterpriseView {
  const phone = r.legalRepPhone ? openPhone(cipher, r.legalRepPhone) : null;
  return {
    ...toRef(r),
    regionName: ref.divisions.get(r.regionCode) ?? null,
    regionRetired: retiredRegion(r.regionCode, ref),
    industryName: ref.industries.get(r.industryCode) ?? null,
    statusName: STATUS_LABELS[r.status],
    formerNames: r.formerNames ?? [],
    legalRepresentative: {
      name: r.legalRepName,
      // Rows whose sealed number could not be kept (see docs/enterprises.md § Personal data) have only the mask.
      idNumber: showPersonal && r.legalRepIdEnc ? cipher.decrypt(r.legalRepIdEnc) : r.legalRepIdMasked,
      idNumberMasked: !(showPersonal && r.legalRepIdEnc) && r.legalRepIdMasked !== null,
      phone: phone === null ? null : showPersonal ? phone : maskPhone(phone),
    },
    address: r.address,
    registeredOn: r.registeredOn,
    codeExceptionReason: r.codeExceptionReason,
    version: r.version,
    effectiveOn: r.effectiveOn,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** Phones are sealed (`v2:…`); a clear value can only be a version recorded before they were (start-up re-seals those). */
const openPhone = (cipher: { decrypt: (enc: string) => string }, stored: string) => (/^v[12]:/.test(stored) ? cipher.decrypt(stored) : stored);

/** Public view: an allow-list of fields, so a new column can never leak by default. */
export function toPublicView(r: EnterpriseRow, ref: ReferenceSnapshot): PublicEnterpriseView {
  return {
    uscc: r.uscc,
    orgCode: r.orgCode,
    name: r.name,
    formerNames: r.formerNames ?? [],
    regionCode: r.regionCode,
    regionName: ref.divisions.get(r.regionCode) ?? null,
    industryCode: r.industryCode,
    industryName: ref.industries.get(r.industryCode) ?? null,
    status: r.status,
    statusName: STATUS_LABELS[r.status],
    registeredOn: r.registeredOn,
    codeException: r.codeExceptionReason !== null,
  };
}

export const etagOf = (version: number) => `"${version}"`;

/** Accepts `"3"`, `W/"3"` or a bare `3`; NaN when unparseable. */
export function versionFromIfMatch(header: string): number {
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}
