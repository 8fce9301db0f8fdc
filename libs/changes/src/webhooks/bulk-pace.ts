import { randomBytes } from 'node:crypto';

/**
 * How many bulk deliveries (a regrade run's, an import's) a dispatch pass may take (issue 20: a regrade changing
 * 10,000 watched grades must not slow checks by more than 10 %). While requests run, a token bucket filled at
 * `perSecond` and holding at most one second's worth; when the API is idle, no bound. Deliveries taken beyond the
 * allowance (a regrade's older delivery a decision takes along, to keep its key's order) are paid back from later
 * allowances. While busy the allowance is given in bursts of at least BURST (or a second's worth, if less): a pass every
 * 100 ms taking 5 deliveries woke the delivery workers for 1–2 jobs each time, and their fetches (pg-boss's
 * key_strict_fifo heads) became 8 % of PostgreSQL's active time during a watched regrade (quiet 1M bench), more than
 * the deliveries themselves; 50 jobs once a second are fetched in full batches.
 */
const BURST = 64;

export class BulkPace {
  private tokens: number;
  private at: number | null = null;
  private busy = false;

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  /** Bulk deliveries the next pass may take at `now` (ms). */
  allowance(busy: boolean, now: number): number {
    const elapsed = this.at === null ? 0 : Math.max(0, now - this.at);
    this.at = now;
    this.busy = busy;
    this.tokens = Math.min(this.perSecond, this.tokens + (elapsed * this.perSecond) / 1000);
    if (!busy) return Number.MAX_SAFE_INTEGER;
    return this.tokens >= Math.min(BURST, this.perSecond) ? Math.floor(this.tokens) : 0;
  }

  /** The pass the last allowance was for took `n` bulk deliveries (counted only while paced: idle passes are free). */
  spent(n: number): void {
    if (this.busy) this.tokens -= n;
  }
}

/**
 * Job ids for one pg-boss insert, ascending in the order given. Why: key_strict_fifo picks a key's head by created_on,
 * then id, and every job of one insert has the same created_on — with random ids, two deliveries of one key queued in
 * the same pass (a regrade's and the decision that took it along) went in random order. The time in front keeps ids of
 * later passes apart; the random tail keeps them unique across processes.
 */
export function orderedJobIds(n: number, now = Date.now()): string[] {
  const time = now.toString(16).padStart(12, '0').slice(-12);
  const tail = randomBytes(6).toString('hex');
  return Array.from({ length: n }, (_, i) => {
    const hex = `${time}${i.toString(16).padStart(8, '0')}${tail}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}
