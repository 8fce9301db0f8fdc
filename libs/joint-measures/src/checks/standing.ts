import type { Grade } from '../measures/measure.types.js';
import type { Verdict } from './verdict.js';

/**
 * What kind of answer a check is, beside the purpose-specific verdict (issue 17): a listing in
 * force and a C/D grade both make procurement `restricted`, but they mean different things to the
 * officer — a listed enterprise may not take part (SAMR Order 44, 联合惩戒), a C/D grade means
 * "no credit bonus, review with care" (DOMAIN §6). Machine-readable so clients need not re-derive it.
 *   excluded       — at least one listing in force on the as-of date
 *   caution        — grade C or D on the as-of date, no listing in force
 *   priority       — grade AA or AAA, no listing in force (the plans' procurement-priority threshold)
 *   ordinary       — registered, none of the above (ungraded, A, B)
 *   not_registered — no enterprise holds the code
 */
export type Standing = 'excluded' | 'caution' | 'priority' | 'ordinary' | 'not_registered';

export const STANDINGS: readonly Standing[] = ['excluded', 'caution', 'priority', 'ordinary', 'not_registered'];

export function standingOf(verdict: Verdict, grade: Grade | null, activeListings: number): Standing {
  if (verdict === 'not_registered') return 'not_registered';
  if (activeListings > 0) return 'excluded';
  if (grade === 'C' || grade === 'D') return 'caution';
  if (grade === 'AA' || grade === 'AAA') return 'priority';
  return 'ordinary';
}

/** 注销 (deregistered) and 吊销 (licence revoked): the enterprise can no longer lawfully trade, so every answer flags it. */
export type StatusWarning = 'deregistered' | 'revoked';

export function statusWarningOf(status: string | null | undefined): StatusWarning | null {
  return status === 'deregistered' || status === 'revoked' ? status : null;
}
