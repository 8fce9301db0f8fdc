import { ORG_BODY_ALPHABET, ORG_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS } from './alphabet.js';

/**
 * GB 32100-2015: check character of the first 17 USCC characters,
 * (31 − Σ value×weight mod 31) mod 31 mapped back through the alphabet.
 */
export function usccCheckChar(body17: string): string {
  if (body17.length !== 17) throw new RangeError(`USCC body must have 17 characters, got ${body17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(body17[i]);
    if (v < 0) throw new RangeError(`character ${body17[i]} at position ${i + 1} is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714-1997: C9 = 11 − (Σ value×weight mod 11); 10 → X, 11 → 0. */
export function orgCheckChar(body8: string): string {
  if (body8.length !== 8) throw new RangeError(`organisation code body must have 8 characters, got ${body8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_BODY_ALPHABET.indexOf(body8[i]);
    if (v < 0) throw new RangeError(`character ${body8[i]} at position ${i + 1} is not allowed in an organisation code`);
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
