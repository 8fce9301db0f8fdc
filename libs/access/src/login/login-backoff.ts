/**
 * How long a login for one subject (an account or a client address) must wait, from its recent
 * failures (issue 13 §2). Pure: the caller passes the database clock so every instance agrees.
 *
 * - Up to `freeFailures` failures cost nothing (typos happen).
 * - Then each attempt waits `backoffBaseMs × 2^(failures − freeFailures)` after the last failure.
 * - At `maxFailures` within the window the subject is locked until `lockedUntil` (the failure
 *   that reached the limit + the window): refused even with the right password.
 * - Failures older than the window are forgotten.
 */
export interface LoginFailures {
  failures: number;
  windowStartedAt: number;
  lastFailedAt: number;
  lockedUntil: number | null;
}

export interface BackoffRule {
  freeFailures: number;
  maxFailures: number;
  windowMs: number;
  backoffBaseMs: number;
}

export type LoginVerdict = { allowed: true } | { allowed: false; locked: boolean; waitMs: number };

export function loginVerdict(state: LoginFailures | undefined, now: number, rule: BackoffRule): LoginVerdict {
  if (!state) return { allowed: true };
  // A lock holds while its failures still reach the limit configured now (raising the limit lifts it).
  if (state.lockedUntil !== null && state.lockedUntil > now && state.failures >= rule.maxFailures)
    return { allowed: false, locked: true, waitMs: state.lockedUntil - now };
  if (state.windowStartedAt + rule.windowMs <= now) return { allowed: true };
  if (state.failures < rule.freeFailures || rule.backoffBaseMs <= 0) return { allowed: true };
  const delay = Math.min(rule.backoffBaseMs * 2 ** (state.failures - rule.freeFailures), rule.windowMs);
  const waitMs = state.lastFailedAt + delay - now;
  return waitMs > 0 ? { allowed: false, locked: false, waitMs } : { allowed: true };
}
