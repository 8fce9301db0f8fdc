import { Command, CommandRunner, Option } from 'nest-commander';
import { HistoryRebuild, RegradeRuns } from '#qcr/grading';
import { isIsoDate, systemActor } from '#qcr/platform';

/**
 * Full regrade (after a model change): a regrade run as POST /api/v1/grading/runs starts, waited for,
 * with its progress printed every second and the final figures at the end.
 */
@Command({ name: 'regrade', description: 'Regrade the whole register with the active model (resumable run), or rebuild its grade history from a date' })
export class RegradeCommand extends CommandRunner {
  constructor(
    private readonly runs: RegradeRuns,
    private readonly rebuild: HistoryRebuild,
  ) {
    super();
  }

  async run(_args: string[], options: { asOf?: string; chunkSize?: number; rebuildHistory?: boolean; from?: string }): Promise<void> {
    if (options.rebuildHistory || options.from) return this.rebuildHistory(options);
    const started = Date.now();
    const done = this.runs.regradeAll(systemActor('cli'), { asOf: options.asOf, chunkSize: options.chunkSize });
    let finished = false;
    // setInterval ignores the callback's promise: the progress line is best effort, so its lookup never rejects.
    const ticker = setInterval(
      () =>
        void this.runs
          .list()
          .catch(() => [])
          .then((runs) => {
            const [run] = runs.filter((r) => r.status === 'running' && r.startedBy === 'cli');
            if (run && !finished) {
              const of = run.total ? ` of ~${run.total}` : '';
              const line = `run ${run.id}: ${run.processed}${of} processed, ${run.changed} changed`;
              if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
              else console.log(line);
            }
          }),
      1000,
    );
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

  /** `--rebuild-history --from D`: the grade history recomputed from D, a row as of each date where anything changed. */
  private async rebuildHistory(options: { rebuildHistory?: boolean; from?: string; asOf?: string; chunkSize?: number }): Promise<void> {
    if (!options.rebuildHistory || !options.from) throw new Error('--rebuild-history and --from <date> go together');
    if (options.asOf) throw new Error('--as-of does not apply to --rebuild-history (it runs from --from to today)');
    const started = Date.now();
    const progress = (processed: number, changed: number) => {
      const line = `rebuilding from ${options.from}: ${processed} enterprises, ${changed} with a new history`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
      else console.log(line);
    };
    const run = await this.rebuild.rebuild(systemActor('cli'), options.from, { chunkSize: options.chunkSize, onProgress: progress });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.log(
      `History rebuild ${run.runId} completed: model ${run.modelVersion}, from ${run.from}, ${run.processed} enterprises processed, ` +
        `${run.changed} with a changed history, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  @Option({ flags: '--rebuild-history', description: 'recompute the grade history from --from to today (rows before --from stay)' })
  parseRebuild(): boolean {
    return true;
  }

  @Option({ flags: '--from <date>', description: 'with --rebuild-history: the first date recomputed (YYYY-MM-DD)' })
  parseFrom(v: string): string {
    if (!isIsoDate(v)) throw new Error('--from must be a date YYYY-MM-DD');
    return v;
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
