import { ORG_BODY_ALPHABET, ORG_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS } from './alphabet.js';

/**
 * GB 32100-2015: check character of the first 17 USCC characters,
 * (31 − Σ value×weight mod 31) mod 31 mapped back through the alphabet.
 */
export function usccCheckChar(body17: string): string {
  if (body17.length !== 17) throw new RangeError(`USCC body must have 17 characters, got ${body17.length}`);
  let sum = 0;
  for (const [i, weight] of USCC_WEIGHTS.entries()) {
    const char = body17.charAt(i);
    const v = USCC_ALPHABET.indexOf(char);
    if (v < 0) throw new RangeError(`character ${char} at position ${i + 1} is not in the USCC alphabet`);
    sum += v * weight;
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714-1997: C9 = 11 − (Σ value×weight mod 11); 10 → X, 11 → 0. */
export function orgCheckChar(body8: string): string {
  if (body8.length !== 8) throw new RangeError(`organisation code body must have 8 characters, got ${body8.length}`);
  let sum = 0;
  for (const [i, weight] of ORG_WEIGHTS.entries()) {
    const char = body8.charAt(i);
    const v = ORG_BODY_ALPHABET.indexOf(char);
    if (v < 0) throw new RangeError(`character ${char} at position ${i + 1} is not allowed in an organisation code`);
    sum += v * weight;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
