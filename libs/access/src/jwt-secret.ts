import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

// Generated once per process when QCR_JWT_SECRET is unset: tokens then end with the process.
let generated: string | undefined;

/** The token signing secret, shared by the signer (JwtModule) and the verifier (JwtStrategy). */
export class JwtSecret {
  /**
   * The secret as a key object, made once, for verifying every bearer token. Given a string, jsonwebtoken first tries
   * it as a PEM public key, which throws for an HMAC secret, and only then makes a secret key: that failed parse and its
   * exception cost ~0.6 ms of the API's thread on every staff request (CPU profile of 2,000 test deliveries asked by
   * an administrator: 1.2 s in createPublicKey).
   */
  readonly key: KeyObject;

  constructor(readonly value: string) {
    this.key = createSecretKey(Buffer.from(value, 'utf8'));
  }
  static from(configured: string | undefined): JwtSecret {
    generated ??= randomBytes(48).toString('base64');
    return new JwtSecret(configured ?? generated);
  }
}
