import { type BackoffRule, loginVerdict } from './login-backoff.js';

const MIN = 60_000;
const rule: BackoffRule = { freeFailures: 3, maxFailures: 10, windowMs: 15 * MIN, backoffBaseMs: 1_000 };
const t0 = 1_000_000_000;
const state = (failures: number, lastAgoMs: number, lockedUntil: number | null = null, windowAgoMs = 5 * MIN) => ({
  failures,
  windowStartedAt: t0 - windowAgoMs,
  lastFailedAt: t0 - lastAgoMs,
  lockedUntil,
});

describe('login backoff and lockout (issue 13 §2)', () => {
  it.each([
    ['no failures on record', undefined, { allowed: true }],
    ['two failures: still free', state(2, 0), { allowed: true }],
    ['three failures, last one 0.5 s ago: wait 0.5 s more of 1 s', state(3, 500), { allowed: false, locked: false, waitMs: 500 }],
    ['three failures, last one 1 s ago: allowed', state(3, 1_000), { allowed: true }],
    ['six failures, last one 1 s ago: 8 s backoff', state(6, 1_000), { allowed: false, locked: false, waitMs: 7_000 }],
    ['locked: refused even with the right password until the lock ends', state(10, 0, t0 + 14 * MIN), { allowed: false, locked: true, waitMs: 14 * MIN }],
    ['lock over: allowed again', state(10, 15 * MIN, t0, 15 * MIN), { allowed: true }],
    ['nine failures but the window has passed: forgotten', state(9, 15 * MIN, null, 15 * MIN), { allowed: true }],
    ['backoff never longer than the window', state(9, 0, null, 0), { allowed: false, locked: false, waitMs: 64_000 }],
  ])('%s', (_what, s, expected) => {
    expect(loginVerdict(s, t0, rule)).toEqual(expected);
  });

  it('a lock recorded under a lower limit does not hold once the limit is raised', () => {
    expect(loginVerdict(state(4, 0, t0 + MIN), t0, { ...rule, maxFailures: 100, freeFailures: 50 })).toEqual({ allowed: true });
  });

  it('a base of 0 turns the backoff off but keeps the lockout', () => {
    expect(loginVerdict(state(9, 0), t0, { ...rule, backoffBaseMs: 0 })).toEqual({ allowed: true });
    expect(loginVerdict(state(10, 0, t0 + 1), t0, { ...rule, backoffBaseMs: 0 })).toMatchObject({ allowed: false, locked: true });
  });
});
