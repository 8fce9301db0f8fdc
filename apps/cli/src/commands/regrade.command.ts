import { Command, CommandRunner, Option } from 'nest-commander';
import { RegradeRuns } from '#qcr/grading';
import { isIsoDate, systemActor } from '#qcr/platform';

/**
 * Full regrade (after a model change): a regrade run as POST /api/v1/grading/runs starts, waited for,
 * with its progress printed every second and the final figures at the end.
 */
@Command({ name: 'regrade', description: 'Regrade the whole register with the active model (resumable run)' })
export class RegradeCommand extends CommandRunner {
  constructor(private readonly runs: RegradeRuns) {
    super();
  }

  async run(_args: string[], options: { asOf?: string; chunkSize?: number }): Promise<void> {
    const started = Date.now();
    const done = this.runs.regradeAll(systemActor('cli'), { asOf: options.asOf, chunkSize: options.chunkSize });
    let finished = false;
    const ticker = setInterval(async () => {
      const [run] = (await this.runs.list().catch(() => [])).filter((r) => r.status === 'running' && r.startedBy === 'cli');
      if (run && !finished) {
        const of = run.total ? ` of ~${run.total}` : '';
        const line = `run ${run.id}: ${run.processed}${of} processed, ${run.changed} changed`;
        if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
        else console.log(line);
      }
    }, 1000);
    try {
      const run = await done;
      finished = true;
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `Regrade run ${run.id} ${run.status}: model ${run.modelVersion}, as of ${run.asOf}, ${run.processed} enterprises processed, ` +
          `${run.changed} new grade(s) in ${seconds.toFixed(1)} s (${Math.round(run.processed / Math.max(seconds, 0.001))}/s)`,
      );
      if (run.status !== 'completed') {
        throw new Error(`run ${run.id} failed: ${run.error ?? 'unknown error'}; resume with POST /api/v1/grading/runs/${run.id}/resume`);
      }
    } finally {
      clearInterval(ticker);
    }
  }

  @Option({ flags: '--as-of <date>', description: 'grade as of this date (YYYY-MM-DD, default today in China)' })
  parseAsOf(v: string): string {
    if (!isIsoDate(v)) throw new Error('--as-of must be a date YYYY-MM-DD');
    return v;
  }

  @Option({ flags: '--chunk-size <n>', description: 'enterprises per chunk (default 10000)' })
  parseChunk(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 100 || n > 200_000) throw new Error('--chunk-size must be an integer 100–200000');
    return n;
  }
}
