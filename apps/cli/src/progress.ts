/**
 * Progress of a long CLI job on stderr: on a terminal one line rewritten in place with a bar,
 * percentage, rate and time left; when stderr is piped (CI, logs) a plain line at most every 10 %.
 */
export function progressBar(fraction: number, width = 28): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}%`;
}

const duration = (s: number) => (s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`);

export class Progress {
  private readonly started = Date.now();
  private lastDecile = -1;

  constructor(
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  /** `fraction` of the whole job done; `count` items so far; `detail` appended as is. */
  update(fraction: number, count: number, detail = ''): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    const left = fraction > 0.01 && fraction < 1 ? `, ~${duration((seconds * (1 - fraction)) / fraction)} left` : '';
    const line = `${progressBar(fraction)} ${count.toLocaleString('en-US')} ${this.unit} (${rate.toLocaleString('en-US')}/s${left})${detail ? ` ${detail}` : ''}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = Math.floor(Math.min(1, fraction) * 10);
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      this.out.write(`${line}\n`);
    }
  }

  /** Clears the bar line (the caller prints its summary after). */
  done(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K');
  }
}
