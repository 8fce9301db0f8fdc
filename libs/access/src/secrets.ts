import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const N = 16384,
  R = 8,
  P = 1,
  LEN = 32;

/** Passwords: scrypt with a per-user salt; the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt') return false;
  // hashPassword writes all six parts; a stored hash without them is corrupt data, not a wrong password.
  if (n === undefined || r === undefined || p === undefined || salt === undefined || hash === undefined) throw new Error('malformed scrypt password hash');
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: +n, r: +r, p: +p });
  return timingSafeEqual(actual, expected);
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALNUM.charAt(b % ALNUM.length)).join('');
}

/** API key: qcr_<8-char lookup prefix>_<40-char secret>. Shown once; only its SHA-256 is stored. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomToken(8);
  return { key: `qcr_${prefix}_${randomToken(40)}`, prefix };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = /^qcr_([A-Za-z0-9]{8})_[A-Za-z0-9]{32,}$/.exec(key);
  const prefix = m?.[1]; // group 1 is not optional: defined whenever the key matches
  return prefix === undefined ? null : { prefix };
}

// A fast hash is right here: the key is 40 random characters, not a guessable password. Every partner call hashes
// its key (the verified-key cache is keyed by prefix and compares hashes), so it is the one-shot crypto.hash:
// createHash().update().digest() builds a Hash object per call — 1.5–2.1 µs against 0.6–0.9 µs on Node 24, and
// 3 % of the API's busy CPU samples under check load (docs/checks.md § performance).
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex'),
    y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
