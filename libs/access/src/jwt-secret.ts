import { randomBytes } from 'node:crypto';

// Generated once per process when QCR_JWT_SECRET is unset: tokens then end with the process.
let generated: string | undefined;

/** The token signing secret, shared by the signer (JwtModule) and the verifier (JwtStrategy). */
export class JwtSecret {
  constructor(readonly value: string) {}
  static from(configured: string | undefined): JwtSecret {
    generated ??= randomBytes(48).toString('base64');
    return new JwtSecret(configured ?? generated);
  }
}
