// GB 32100-2015 (USCC) and GB 11714-1997 (organisation code) checks, the same rules and order as
// libs/identifiers (length → alphabet → USCC check → embedded org check), so the public page can
// say which rule an unknown code breaks. libs/portal/src/codes-mirror.spec.ts keeps them equal.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_BODY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function normalizeCode(raw) {
  return String(raw ?? '')
    .replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
    .toUpperCase()
    .replace(/[-\u2010-\u2015\u2212]/g, '')
    .trim();
}

function usccCheck(body17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body17[i]) * USCC_WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

function orgCheck(body8) {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_BODY_ALPHABET.indexOf(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** { ok: true, kind } or { ok: false, rule, position?, expected?, given? }. */
export function checkCode(raw) {
  const code = normalizeCode(raw);
  if (code.length === 18) {
    for (let i = 0; i < 18; i++) if (!USCC_ALPHABET.includes(code[i])) return { ok: false, rule: 'alphabet', position: i + 1, given: code[i] };
    const expected = usccCheck(code.slice(0, 17));
    if (expected !== code[17]) return { ok: false, rule: 'uscc_check', position: 18, expected, given: code[17] };
    const org = orgCheck(code.slice(8, 16));
    if (org !== code[16]) return { ok: false, rule: 'org_check', position: 17, expected: org, given: code[16] };
    return { ok: true, kind: 'uscc' };
  }
  if (code.length === 9) {
    for (let i = 0; i < 9; i++) {
      if (!(i < 8 ? ORG_BODY_ALPHABET.includes(code[i]) : /[0-9X]/.test(code[i]))) return { ok: false, rule: 'alphabet', position: i + 1, given: code[i] };
    }
    const expected = orgCheck(code.slice(0, 8));
    if (expected !== code[8]) return { ok: false, rule: 'org_check', position: 9, expected, given: code[8] };
    return { ok: true, kind: 'org' };
  }
  return { ok: false, rule: 'length', given: String(code.length) };
}
