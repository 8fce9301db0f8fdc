import { Injectable } from '@nestjs/common';
import { AppConfig, type KeyRing, piiKeyRing } from '#qcr/platform';
import { normalizeCode, personDigestInput, type PersonDocumentType } from '#qcr/identifiers';
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type KeyObject, randomFillSync } from 'node:crypto';

/** ID numbers are compared in one form: half-width, upper-case (the check char may be x/X), trimmed. */
export function normalizeIdNumber(raw: string): string {
  return normalizeCode(raw);
}

/**
 * Masks show no more than a reader without personal-data.read needs to tell two people apart at a glance:
 * the first and last character (issue 13; the old 3 + 4 left a few million candidates for an 18-digit ID).
 * `350203199001011234` → `3****************4`.
 */
export function maskIdNumber(idNumber: string): string {
  return maskNormalized(normalizeIdNumber(idNumber));
}

function maskNormalized(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return value.slice(0, 1) + '*'.repeat(value.length - 2) + value.slice(-1);
}

/** `13812345678` → `1*********8` */
export const maskPhone = (phone: string) => maskNormalized(phone.trim());

/** Which key sealed a stored value: `v2:<kid>:…`; `v1:` values predate key ids (null). */
export function sealedKeyId(sealed: string): string | null {
  const m = /^v2:([A-Za-z0-9_-]{1,16}):/.exec(sealed);
  return m?.[1] ?? null; // group 1 is not optional: defined whenever the pattern matches
}

interface DerivedKeys {
  seal: Buffer;
  /** HMAC keys as KeyObjects: createHmac with a Buffer key re-imports it on every call (~9 µs against ~1.3 µs on
   * Node 24, measured), and a person check digests the presented number on the request path (issue 18). */
  digest: KeyObject;
  nonce: KeyObject;
}

const derive = (material: Buffer): DerivedKeys => ({
  // One purpose per key (the digest key never encrypts, the cipher key never digests).
  seal: createHmac('sha256', material).update('qcr/pii/seal').digest(),
  digest: createSecretKey(createHmac('sha256', material).update('qcr/pii/digest').digest()),
  nonce: createSecretKey(createHmac('sha256', material).update('qcr/pii/phone-nonce').digest()),
});

/**
 * Personal data of legal representatives (DOMAIN.md §4, issue 13). Keys live outside the database
 * (QCR_PII_KEY / QCR_PII_KEY_FILE, see libs/platform key-ring.ts), each with an id so they can rotate:
 * - ID numbers: AES-256-GCM `v2:<kid>:base64(nonce‖tag‖body)`, plus an HMAC-SHA256 lookup digest under
 *   the same key id — without the key a stored digest cannot be checked against guesses;
 * - phone numbers: sealed the same way, with the nonce derived from the value (HMAC), so the same number
 *   seals to the same text under one key — a re-import of an unchanged file changes nothing.
 */
@Injectable()
export class PersonalDataCipher {
  readonly ring: KeyRing;
  private readonly derived = new Map<string, DerivedKeys>();

  constructor(config: AppConfig) {
    this.ring = piiKeyRing(config);
    for (const [id, material] of this.ring.byId) this.derived.set(id, derive(material));
  }

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  private keys(id: string): DerivedKeys {
    const keys = this.derived.get(id);
    if (!keys) throw new Error(`${this.ring.source} has no key ${id}, which sealed stored personal data`);
    return keys;
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

  private sealWith(plain: string, iv: Buffer): string {
    const { id } = this.ring.current;
    const cipher = createCipheriv('aes-256-gcm', this.keys(id).seal, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v2:${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  encrypt(plain: string): string {
    return this.sealWith(plain, this.nonce());
  }

  /** Opens v2 values by their key id, and v1 values (before key ids) with whichever key of the ring opens them. */
  decrypt(sealed: string): string {
    const kid = sealedKeyId(sealed);
    if (kid) return open(this.keys(kid).seal, Buffer.from(sealed.slice(4 + kid.length), 'base64'));
    const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
    for (const material of this.ring.byId.values()) {
      try {
        return open(material, raw);
      } catch {
        // not this key: try the next
      }
    }
    throw new Error(`${this.ring.source} cannot open a v1 value sealed before key ids: none of its keys (${[...this.ring.byId.keys()].join(', ')}) fits`);
  }

  /** HMAC-SHA256 of the normalised ID number under the current key: follows a person without storing who they are. */
  digest(idNumber: string, keyId = this.ring.current.id): string {
    return createHmac('sha256', this.keys(keyId).digest).update(normalizeIdNumber(idNumber)).digest('hex');
  }

  /**
   * A person's digest under every key of the ring, current first (issue 18): while a rotation is re-digesting
   * persons, a lookup still finds a person stored under the previous key.
   */
  personDigests(type: PersonDocumentType, number: string): string[] {
    const input = personDigestInput(type, number);
    return [...this.ring.byId.keys()]
      .sort((a, b) => (a === this.ring.current.id ? -1 : b === this.ring.current.id ? 1 : 0))
      .map((kid) => createHmac('sha256', this.keys(kid).digest).update(input).digest('hex'));
  }

  /** A person's document as stored (enterprises.persons): digest and seal under the current key, and the mask. */
  sealPerson(type: PersonDocumentType, number: string): { digest: string; keyId: string; enc: string; masked: string } {
    const input = personDigestInput(type, number);
    const { id } = this.ring.current;
    return {
      digest: createHmac('sha256', this.keys(id).digest).update(input).digest('hex'),
      keyId: id,
      enc: this.encrypt(number),
      masked: maskNormalized(number),
    };
  }

  /** The columns a legal representative's ID number is stored as. */
  seal(idNumber: string | null | undefined): { enc: string | null; hash: string | null; masked: string | null } {
    if (!idNumber) return { enc: null, hash: null, masked: null };
    const id = normalizeIdNumber(idNumber);
    return { enc: this.encrypt(id), hash: this.digest(id), masked: maskNormalized(id) };
  }

  /** A phone number as stored: sealed, deterministic under one key (see the class comment). */
  sealPhone(phone: string | null | undefined): string | null {
    const p = phone?.trim();
    if (!p) return null;
    const iv = createHmac('sha256', this.keys(this.ring.current.id).nonce).update(p).digest().subarray(0, 12);
    return this.sealWith(p, iv);
  }
}

function open(key: Buffer, raw: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
