import { USCC_ALPHABET } from './alphabet.js';
import { orgCheckChar, usccCheckChar } from './check-digits.js';

const pick = (alphabet: string, rand: () => number) => alphabet[Math.floor(rand() * alphabet.length) % alphabet.length];

/**
 * A random valid organisation code. The body uses the USCC alphabet so the code
 * can also be embedded in a USCC.
 */
export function randomOrgCode(rand: () => number = Math.random): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += pick(USCC_ALPHABET, rand);
  return body + orgCheckChar(body);
}

/**
 * A random valid USCC: `91` (market regulator, enterprise), a division code
 * (default: a random one of a few real prefecture codes), a random organisation code.
 */
export function randomUscc(rand: () => number = Math.random, opts: { division?: string; orgCode?: string } = {}): string {
  const divisions = ['350200', '350100', '420100', '440100', '340100', '653000', '110105', '310115'];
  const division = opts.division ?? divisions[Math.floor(rand() * divisions.length) % divisions.length];
  const body = `91${division}${opts.orgCode ?? randomOrgCode(rand)}`;
  return body + usccCheckChar(body);
}

/** Deterministic PRNG (mulberry32) for reproducible demo data and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
