const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
// Shortly after midnight in Asia/Shanghai, when the new legal day begins.
const RUN_AT_MS_AFTER_MIDNIGHT = 5 * 60 * 1000;

/** Milliseconds from `now` to the next run (00:05 Asia/Shanghai, which has no DST). */
export function msUntilNextRun(now: number): number {
  const sinceMidnight = (now + CHINA_OFFSET_MS) % DAY_MS;
  const wait = RUN_AT_MS_AFTER_MIDNIGHT - sinceMidnight;
  return wait > 0 ? wait : wait + DAY_MS;
}
