import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig, loadKeyRing, parseKeyRing } from '#qcr/platform';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('keys held outside the database (issue 13)', () => {
  it('parses kid:base64 entries, the first being current', () => {
    const ring = parseKeyRing(`k2:${key(2)},k1:${key(1)}`, 'QCR_PII_KEY');
    expect(ring.current.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['k1:' + Buffer.alloc(16).toString('base64'), /16 bytes/],
    ['bad id!:' + key(1), /kid/],
    [`k1:${key(1)},k1:${key(2)}`, /twice/],
    ['', /no key/],
    ['a passphrase', /kid/],
  ])('refuses %j, naming the problem', (text, message) => {
    expect(() => parseKeyRing(text, 'QCR_PII_KEY')).toThrow(message);
  });

  it('keeps opening rows sealed under a pre-key-id passphrase (as key "legacy")', () => {
    expect(parseKeyRing('old passphrase', 'QCR_PII_KEY', { legacyPassphrase: true }).current.id).toBe('legacy');
  });

  it('requires QCR_PII_KEY and QCR_AUDIT_KEY (or their files) with DATABASE_URL', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'postgres://x@db/qcr' })).toThrow(
      /QCR_PII_KEY: QCR_PII_KEY or QCR_PII_KEY_FILE is required when DATABASE_URL is set\n {2}QCR_AUDIT_KEY: QCR_AUDIT_KEY or QCR_AUDIT_KEY_FILE is required/,
    );
    expect(() => loadAppConfig({ DATABASE_URL: 'postgres://x@db/qcr', QCR_PII_KEY_FILE: '/run/secrets/pii', QCR_AUDIT_KEY: `a:${key(3)}` })).not.toThrow();
  });

  it('generates the embedded default file beside the data dir, and refuses a key file inside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcr-keys-'));
    const dataDir = join(dir, 'pg');
    const ring = loadKeyRing({ name: 'QCR_PII_KEY', dataDir, defaultFile: join(dir, 'pii.key') });
    expect(readFileSync(join(dir, 'pii.key'), 'utf8')).toMatch(new RegExp(`^${ring.current.id}:`));
    writeFileSync(join(dir, 'inside.key'), `k1:${key(1)}`);
    expect(() => loadKeyRing({ name: 'QCR_PII_KEY', dataDir: dir, file: join(dir, 'inside.key'), defaultFile: null })).toThrow(/inside the database directory/);
    expect(() => loadKeyRing({ name: 'QCR_PII_KEY', dataDir, defaultFile: null })).toThrow(/required when DATABASE_URL is set/);
  });
});
