import fc from 'fast-check';
import {
  normalizeCode,
  orgCheckChar,
  parseEnterpriseCode,
  parseExceptionCode,
  randomOrgCode,
  randomUscc,
  seededRandom,
  USCC_ALPHABET,
  usccCheckChar,
} from './index.js';

// DOMAIN.md §3 test vectors.
describe('valid vectors', () => {
  it.each([
    ['91350200776049653A', '776049653'],
    ['91350503MA31DKY80A', 'MA31DKY80'],
    ['91350200MA31E12PXF', 'MA31E12PX'],
    ['9135021359498494XQ', '59498494X'],
    ['123502001549897397', '154989739'],
  ])('%s is a valid USCC embedding %s', (uscc, org) => {
    expect(parseEnterpriseCode(uscc)).toEqual({ ok: true, kind: 'uscc', uscc, orgCode: org });
    expect(usccCheckChar(uscc.slice(0, 17))).toBe(uscc[17]);
    expect(orgCheckChar(org.slice(0, 8))).toBe(org[8]);
    expect(parseEnterpriseCode(org)).toEqual({ ok: true, kind: 'org', orgCode: org });
  });

  it.each([
    ['77604965', '3'],
    ['MA31DKY8', '0'], // 11 → 0
    ['MA31E12P', 'X'], // 10 → X
  ])('organisation code check of %s is %s', (body, check) => {
    expect(orgCheckChar(body)).toBe(check);
  });
});

describe('normalisation', () => {
  it.each([
    ['  91350200776049653a ', '91350200776049653A'],
    ['９１３５０２００７７６０４９６５３Ａ', '91350200776049653A'],
    ['77604965-3', '776049653'],
    ['７７６０４９６５－３', '776049653'],
    ['\u3000ma31dky8-0\u3000', 'MA31DKY80'],
  ])('%j → %s', (raw, normal) => {
    expect(normalizeCode(raw)).toBe(normal);
    expect(parseEnterpriseCode(raw).ok).toBe(true);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => normalizeCode(normalizeCode(s)) === normalizeCode(s)),
      { numRuns: 2000 },
    );
    const fullWidthish = fc.string({ unit: fc.constantFrom(...'0123456789abcXYZ-－９ａＢ \u3000'.split('')) });
    fc.assert(fc.property(fullWidthish, (s) => normalizeCode(normalizeCode(s)) === normalizeCode(s)));
  });
});

describe('each rule names itself', () => {
  it.each([
    ['9135020077604965', { rule: 'length', given: '16' }],
    ['91350200776049653AB', { rule: 'length', given: '19' }],
    ['', { rule: 'length', given: '0' }],
    ['9135020077604965IA', { rule: 'alphabet', position: 17, given: 'I' }],
    ['O1350200776049653A', { rule: 'alphabet', position: 1, given: 'O' }],
    ['91350200776049653B', { rule: 'uscc_check', expected: 'A', given: 'B', message: 'expected A, given B' }],
    ['77604965-4', { rule: 'org_check', expected: '3', given: '4' }],
    ['7760496!3', { rule: 'alphabet', position: 8, given: '!' }],
    ['77604965A', { rule: 'alphabet', position: 9, given: 'A' }],
  ])('%s fails %o', (raw, expected) => {
    const parsed = parseEnterpriseCode(raw);
    expect(parsed).toMatchObject({ ok: false, ...expected });
    expect(parsed).toHaveProperty('message', expect.any(String));
  });

  it('reports a USCC whose own check passes but whose embedded organisation code fails', () => {
    // Org code 776049654 (wrong check 4), then a USCC check computed over it.
    const body = '91350200776049654';
    const uscc = body + usccCheckChar(body);
    expect(parseEnterpriseCode(uscc)).toMatchObject({ ok: false, rule: 'org_check', expected: '3', given: '4', position: 17 });
  });

  it('accepts a legacy code failing its check only through the exception parser', () => {
    expect(parseExceptionCode('91350200776049653B')).toEqual({ ok: true, kind: 'uscc', uscc: '91350200776049653B', orgCode: '776049653' });
    expect(parseExceptionCode('9135020077604965')).toMatchObject({ ok: false, rule: 'length' });
  });
});

describe('properties', () => {
  const substitutes = [...new Set([...USCC_ALPHABET, ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', '*', '#'])];

  it('rejects every single-character substitution of a valid USCC', () => {
    const uscc = fc.integer().map((seed) => randomUscc(seededRandom(seed)));
    fc.assert(
      fc.property(uscc, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...substitutes), (code, pos, c) => {
        fc.pre(code[pos] !== c);
        const mutated = code.slice(0, pos) + c + code.slice(pos + 1);
        return parseEnterpriseCode(mutated).ok === false;
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects every single-character substitution of a vector, exhaustively', () => {
    for (const code of ['91350200776049653A', '91350503MA31DKY80A', '91350200MA31E12PXF', '9135021359498494XQ', '123502001549897397']) {
      for (let pos = 0; pos < 18; pos++) {
        for (const c of substitutes) {
          if (c === code[pos]) continue;
          expect(parseEnterpriseCode(code.slice(0, pos) + c + code.slice(pos + 1)).ok).toBe(false);
        }
      }
    }
  });

  it('rejects every substitution of an organisation code by a digit or in the check position', () => {
    // GB 11714's mod-11 check cannot see a body change by a multiple of 11 (0 ↔ B ↔ M ↔ X);
    // within digits, and in the check position, every substitution is caught.
    const org = fc.integer().map((seed) => randomOrgCode(seededRandom(seed)));
    fc.assert(
      fc.property(org, fc.integer({ min: 0, max: 8 }), fc.constantFrom(...'0123456789XAZ'), (code, pos, c) => {
        fc.pre(code.charAt(pos) !== c && (pos === 8 || (/\d/.test(c) && /\d/.test(code.charAt(pos)))));
        return parseEnterpriseCode(code.slice(0, pos) + c + code.slice(pos + 1)).ok === false;
      }),
      { numRuns: 5000 },
    );
  });

  it('generates valid codes, reproducibly from a seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = randomUscc(seededRandom(seed));
        return parseEnterpriseCode(a).ok && a === randomUscc(seededRandom(seed)) && parseEnterpriseCode(randomOrgCode(seededRandom(seed))).ok;
      }),
    );
  });
});
