import { ORG_BODY_ALPHABET, USCC_ALPHABET } from './alphabet.js';
import { orgCheckChar, usccCheckChar } from './check-digits.js';
import { normalizeCode } from './normalize.js';

export type CodeRule = 'length' | 'alphabet' | 'uscc_check' | 'org_check';

export type ParsedCode =
  | { ok: true; kind: 'uscc' | 'org'; uscc?: string; orgCode: string }
  | { ok: false; rule: CodeRule; message: string; position?: number; expected?: string; given?: string };

type Failure = Extract<ParsedCode, { ok: false }>;

function alphabetFailure(code: string, allowed: (c: string, i: number) => boolean, what: string): Failure | null {
  for (let i = 0; i < code.length; i++) {
    const char = code.charAt(i);
    if (!allowed(char, i)) {
      return {
        ok: false,
        rule: 'alphabet',
        position: i + 1,
        given: char,
        message: `character '${char}' at position ${i + 1} is not allowed in ${what}`,
      };
    }
  }
  return null;
}

function checkOrg(org: string, offset: number, embedded: boolean): Failure | null {
  const expected = orgCheckChar(org.slice(0, 8));
  const given = org[8];
  if (expected === given) return null;
  return {
    ok: false,
    rule: 'org_check',
    position: offset + 9,
    expected,
    given,
    message: `${embedded ? 'embedded organisation code' : 'organisation code'} check character: expected ${expected}, given ${given}`,
  };
}

/**
 * Normalises and validates a USCC (GB 32100-2015, 18 chars) or an organisation
 * code (GB 11714-1997, 9 chars). A failure names the first rule broken, in the
 * order length → alphabet → USCC check → embedded organisation-code check.
 */
export function parseEnterpriseCode(raw: string): ParsedCode {
  const code = normalizeCode(raw);
  if (code.length === 18) {
    const bad = alphabetFailure(code, (c) => USCC_ALPHABET.includes(c), 'a USCC (alphabet 0-9 A-Z without I, O, S, V, Z)');
    if (bad) return bad;
    const expected = usccCheckChar(code.slice(0, 17));
    if (expected !== code[17]) {
      return { ok: false, rule: 'uscc_check', position: 18, expected, given: code[17], message: `expected ${expected}, given ${code[17]}` };
    }
    const orgFailure = checkOrg(code.slice(8, 17), 8, true);
    if (orgFailure) return orgFailure;
    return { ok: true, kind: 'uscc', uscc: code, orgCode: code.slice(8, 17) };
  }
  if (code.length === 9) {
    const bad = alphabetFailure(
      code,
      (c, i) => (i < 8 ? ORG_BODY_ALPHABET.includes(c) : /[0-9X]/.test(c)),
      'an organisation code (0-9 A-Z, check character 0-9 or X)',
    );
    if (bad) return bad;
    const orgFailure = checkOrg(code, 0, false);
    if (orgFailure) return orgFailure;
    return { ok: true, kind: 'org', orgCode: code };
  }
  return {
    ok: false,
    rule: 'length',
    given: String(code.length),
    message: `expected 18 characters (USCC) or 9 (organisation code, hyphen optional), given ${code.length}`,
  };
}

/**
 * Shape-only parse for documented exceptions (DOMAIN.md §3: legacy codes that fail
 * their check but were legally issued). Length and alphabet still apply.
 */
export function parseExceptionCode(raw: string): ParsedCode {
  const code = normalizeCode(raw);
  const parsed = parseEnterpriseCode(code);
  if (parsed.ok || parsed.rule === 'length' || parsed.rule === 'alphabet') return parsed;
  return code.length === 18 ? { ok: true, kind: 'uscc', uscc: code, orgCode: code.slice(8, 17) } : { ok: true, kind: 'org', orgCode: code };
}

/** Formats an organisation code the way certificates print it: `XXXXXXXX-X`. */
export function formatOrgCode(orgCode: string): string {
  return orgCode.length === 9 ? `${orgCode.slice(0, 8)}-${orgCode[8]}` : orgCode;
}
