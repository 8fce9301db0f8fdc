import type { ActingAuthority } from '../jurisdiction/authority.js';

/** Who is calling: a staff user, a partner agency's API key, or the public. Passed explicitly to services. */
export interface Actor {
  kind: 'staff' | 'partner' | 'anonymous' | 'system';
  id: string;
  name: string;
  roles: string[];
  /** Partner agency id when kind = partner */
  agencyId?: string;
  purposes?: string[];
  requestId?: string;
  /** The client's own X-Request-Id, if it sent one: for matching logs, never used as our request id */
  correlationId?: string;
  /** Staff: the token id (`jti`) that logout revokes, and when the token expires (epoch seconds) */
  sessionId?: string;
  sessionExpiresAt?: number;
  /** Staff: the authorities the user acts for, primary first (an admin may grant a second); DOMAIN.md §7 */
  authorities?: ActingAuthority[];
}

export const systemActor = (name = 'system'): Actor => ({ kind: 'system', id: name, name, roles: ['system'] });
