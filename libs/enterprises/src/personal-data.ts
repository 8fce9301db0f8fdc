import { Injectable } from '@nestjs/common';
import { AppConfig } from '#qcr/platform';
import { normalizeCode } from '#qcr/identifiers';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** ID numbers are compared in one form: half-width, upper-case (the check char may be x/X), trimmed. */
export function normalizeIdNumber(raw: string): string {
  return normalizeCode(raw);
}

/** SHA-256 of the normalised ID number: lets the blacklist follow a person without storing who they are. */
export function idNumberHash(idNumber: string): string {
  return hashNormalized(normalizeIdNumber(idNumber));
}

const hashNormalized = (id: string) => createHash('sha256').update(id).digest('hex');

/** `350203199001011234` → `350***********1234`; short values lose all but the last character. */
export function maskIdNumber(idNumber: string): string {
  return maskNormalized(normalizeIdNumber(idNumber));
}

function maskNormalized(id: string): string {
  if (id.length < 8) return '*'.repeat(Math.max(0, id.length - 1)) + id.slice(-1);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** `13812345678` → `138****5678` */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}

/**
 * AES-256-GCM for the legal representative's ID number (DOMAIN.md §4: personal data).
 * Key: QCR_PII_KEY when set, else a random key generated once and kept beside the
 * data directory (git-ignored), like the demo secrets.
 */
@Injectable()
export class PersonalDataCipher {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = PersonalDataCipher.resolveKey(config.QCR_DATA_DIR);
  }

  static resolveKey(dataDir: string, env: Record<string, string | undefined> = process.env): Buffer {
    const configured = env.QCR_PII_KEY;
    if (configured) return createHash('sha256').update(configured).digest();
    const file = join(dirname(resolve(dataDir)), 'pii-key');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process won the race
      }
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }

  // Nonces come from a block of CSPRNG bytes refilled when used up: one 12-byte randomBytes() call per value
  // cost more than the encryption itself in bulk imports. Each nonce is used once (GCM's requirement).
  private readonly nonces = Buffer.alloc(12 * 4096);
  private nonceAt = this.nonces.length;

  private nonce(): Buffer {
    if (this.nonceAt >= this.nonces.length) {
      randomFillSync(this.nonces);
      this.nonceAt = 0;
    }
    const iv = Buffer.from(this.nonces.subarray(this.nonceAt, this.nonceAt + 12));
    this.nonceAt += 12;
    return iv;
  }

  encrypt(plain: string): string {
    const iv = this.nonce();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The columns a legal representative's ID number is stored as. */
  seal(idNumber: string | null | undefined): { enc: string | null; hash: string | null; masked: string | null } {
    if (!idNumber) return { enc: null, hash: null, masked: null };
    const id = normalizeIdNumber(idNumber);
    return { enc: this.encrypt(id), hash: hashNormalized(id), masked: maskNormalized(id) };
  }
}
