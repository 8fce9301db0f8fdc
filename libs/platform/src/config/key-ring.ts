import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Secrets the database must never hold (issue 13: personal-data digests, the audit chain):
 * `kid:base64(32 bytes)` entries, separated by commas or new lines; the first is the current key,
 * the others are kept only to open what older keys sealed until `cli keys rotate` has re-sealed it.
 */
export interface KeyRing {
  /** which variable or file the keys came from, for error messages */
  source: string;
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

const KID = /^[A-Za-z0-9_-]{1,16}$/;

export function parseKeyRing(text: string, source: string, opts: { legacyPassphrase?: boolean } = {}): KeyRing {
  const entries = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  if (entries.length === 0) throw new Error(`${source}: no key (expected kid:base64 of 32 random bytes)`);
  const byId = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0 && opts.legacyPassphrase && entries.length === 1) {
      // Before keys had ids, QCR_PII_KEY was a passphrase whose SHA-256 was the AES key: keep opening those rows.
      byId.set('legacy', createHash('sha256').update(entry).digest());
      continue;
    }
    const id = entry.slice(0, colon);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (colon < 0 || !KID.test(id)) throw new Error(`${source}: each key is kid:base64 with kid of [A-Za-z0-9_-]{1,16}`);
    if (key.length !== 32) throw new Error(`${source}: key ${id} is ${key.length} bytes; it must be 32 random bytes in base64`);
    if (byId.has(id)) throw new Error(`${source}: key id ${id} appears twice`);
    byId.set(id, key);
  }
  const [id, key] = byId.entries().next().value as [string, Buffer];
  return { source, current: { id, key }, byId };
}

export const newKeyEntry = (id = 'k1') => `${id}:${randomBytes(32).toString('base64')}`;

export interface KeyRingSource {
  /** e.g. QCR_PII_KEY */
  name: string;
  value?: string;
  file?: string;
  dataDir: string;
  /** when neither is set: a file beside (not inside) the data dir, generated once (embedded database only) */
  defaultFile: string | null;
  legacyPassphrase?: boolean;
  /** an older key file to adopt when the default file does not exist yet (its raw base64 becomes key k0) */
  legacyFile?: string;
}

/** The key ring from the variable, else the key file, else the generated default file; throws naming the problem. */
export function loadKeyRing(src: KeyRingSource): KeyRing {
  if (src.value) return parseKeyRing(src.value, src.name, { legacyPassphrase: src.legacyPassphrase });
  const file = src.file ?? src.defaultFile;
  if (!file) throw new Error(`${src.name} or ${src.name}_FILE is required when DATABASE_URL is set`);
  const path = resolve(file);
  const rel = relative(resolve(src.dataDir), path);
  if (rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'))) {
    throw new Error(`${src.name}_FILE ${path} lies inside the database directory ${resolve(src.dataDir)}; keep keys apart from the data`);
  }
  if (!src.file && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const legacy = src.legacyFile && existsSync(src.legacyFile) ? `k0:${readFileSync(src.legacyFile, 'utf8').trim()}` : newKeyEntry();
    try {
      writeFileSync(path, `${legacy}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process won the race
    }
  }
  if (!existsSync(path)) throw new Error(`${src.name}_FILE ${path} does not exist`);
  return parseKeyRing(readFileSync(path, 'utf8'), `${src.name}_FILE ${path}`);
}

/** Beside the data dir: `.data/pg` → `.data/<name>`. */
export const besideDataDir = (dataDir: string, name: string) => join(dirname(resolve(dataDir)), name);

/** Personal-data keys: QCR_PII_KEY, else QCR_PII_KEY_FILE, else (embedded database only) `.data/pii.key`. */
export function piiKeyRing(config: { QCR_PII_KEY?: string; QCR_PII_KEY_FILE?: string; QCR_DATA_DIR: string; DATABASE_URL?: string }): KeyRing {
  return loadKeyRing({
    name: 'QCR_PII_KEY',
    value: config.QCR_PII_KEY,
    file: config.QCR_PII_KEY_FILE,
    dataDir: config.QCR_DATA_DIR,
    defaultFile: config.DATABASE_URL ? null : besideDataDir(config.QCR_DATA_DIR, 'pii.key'),
    legacyPassphrase: true,
    legacyFile: besideDataDir(config.QCR_DATA_DIR, 'pii-key'),
  });
}

/** Audit-chain keys: QCR_AUDIT_KEY, else QCR_AUDIT_KEY_FILE, else (embedded database only) `.data/audit.key`. */
export function auditKeyRing(config: { QCR_AUDIT_KEY?: string; QCR_AUDIT_KEY_FILE?: string; QCR_DATA_DIR: string; DATABASE_URL?: string }): KeyRing {
  return loadKeyRing({
    name: 'QCR_AUDIT_KEY',
    value: config.QCR_AUDIT_KEY,
    file: config.QCR_AUDIT_KEY_FILE,
    dataDir: config.QCR_DATA_DIR,
    defaultFile: config.DATABASE_URL ? null : besideDataDir(config.QCR_DATA_DIR, 'audit.key'),
  });
}
