import { normalizeCode } from './normalize.js';

/**
 * Identity documents a responsible person (法定代表人、董事、监事、高管) is recorded by (issue 18).
 * resident_id: 居民身份证 (GB 11643-1999); passport: 护照; hk_macau_permit: 港澳居民来往内地通行证;
 * taiwan_permit: 台湾居民来往大陆通行证.
 */
export const PERSON_DOCUMENT_TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit'] as const;
export type PersonDocumentType = (typeof PERSON_DOCUMENT_TYPES)[number];

/** length, digits (alphabet), birth_date and id_check are GB 11643's rules; format is the permit/passport shape. */
export type PersonDocumentRule = 'document_type' | 'length' | 'alphabet' | 'birth_date' | 'id_check' | 'format';

export type ParsedPersonDocument =
  { ok: true; type: PersonDocumentType; number: string } | { ok: false; rule: PersonDocumentRule; message: string; position?: number };

/** GB 11643-1999 §5: weights 2^(17−i) mod 11 for positions 1–17; check = (12 − Σ mod 11) mod 11, 10 → X. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  // Only digits weigh anything; anything else used to come back as `undefined` typed as a character.
  if (!/^[0-9]{17}/.test(first17)) throw new RangeError('a resident ID check character needs 17 leading digits');
  let sum = 0;
  for (const [i, weight] of ID_WEIGHTS.entries()) sum += Number(first17.charAt(i)) * weight;
  return ID_CHECK.charAt(sum % 11);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The 18-character resident ID (the 15-digit first generation was replaced in 2013 and is not accepted). */
export function parseResidentId(raw: string, today: string): ParsedPersonDocument {
  const id = normalizeCode(raw);
  if (id.length !== 18) return { ok: false, rule: 'length', message: `a resident ID number has 18 characters, given ${id.length}` };
  for (let i = 0; i < 17; i++) {
    const char = id.charAt(i);
    if (char < '0' || char > '9') return { ok: false, rule: 'alphabet', position: i + 1, message: `position ${i + 1} of a resident ID number must be a digit` };
  }
  if (!/^[0-9X]$/.test(id.charAt(17)))
    return { ok: false, rule: 'alphabet', position: 18, message: 'the check character of a resident ID number is a digit or X' };
  // GB 11643 §4.2: positions 7–14 are the date of birth YYYYMMDD
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || !isCalendarDate(y, m, d) || birth > today) {
    return { ok: false, rule: 'birth_date', position: 7, message: 'positions 7–14 of a resident ID number are not a possible date of birth' };
  }
  const expected = residentIdCheckChar(id);
  if (id[17] !== expected)
    return { ok: false, rule: 'id_check', position: 18, message: 'the check character of the resident ID number does not match (GB 11643)' };
  return { ok: true, type: 'resident_id', number: id };
}

const SHAPES: Record<Exclude<PersonDocumentType, 'resident_id'>, { re: RegExp; what: string }> = {
  // Passports differ by issuing state: letters and digits, 5–20 characters.
  passport: { re: /^[A-Z0-9]{5,20}$/, what: 'a passport number is 5–20 letters or digits' },
  // 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) and 8 or 10 digits.
  hk_macau_permit: { re: /^[HM](?:\d{8}|\d{10})$/, what: 'a Hong Kong/Macau permit number is H or M followed by 8 or 10 digits' },
  // 台湾居民来往大陆通行证: 8 digits (older booklets add a 2-digit issue count, 10 digits).
  taiwan_permit: { re: /^(?:\d{8}|\d{10})$/, what: 'a Taiwan permit number is 8 or 10 digits' },
};

/**
 * Validates a document of the stated type. The messages never repeat the number (it is personal data
 * and must not reach a log line or an error detail).
 */
export function parsePersonDocument(type: string, raw: string, today: string): ParsedPersonDocument {
  if (!(PERSON_DOCUMENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, rule: 'document_type', message: `idType must be one of ${PERSON_DOCUMENT_TYPES.join(', ')}` };
  }
  if (type === 'resident_id') return parseResidentId(raw, today);
  const number = normalizeCode(raw).replace(/\s+/g, '');
  const shape = SHAPES[type as Exclude<PersonDocumentType, 'resident_id'>];
  if (!shape.re.test(number)) return { ok: false, rule: 'format', message: shape.what };
  return { ok: true, type: type as PersonDocumentType, number };
}

/**
 * What the keyed digest is computed over. A resident ID digests as the bare number, as legal representatives'
 * IDs always have (enterprises.legal_rep_id_hash), so existing records and persons meet; other documents carry
 * their type, so a passport number never collides with a permit number.
 */
export function personDigestInput(type: PersonDocumentType, number: string): string {
  return type === 'resident_id' ? number : `${type}:${number}`;
}
