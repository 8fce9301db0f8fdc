import type { INestApplicationContext } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { bulkLoadEnterprises } from '#qcr/enterprises';
import { AppConfig, systemActor } from '#qcr/platform';
import { demoSecrets, seedDemo } from '#qcr/registry';
import type { DataSource } from 'typeorm';
import { AppContextRef } from '../app-context.js';

@Command({ name: 'seed', description: 'Load the demo data set (idempotent); --enterprises N adds N generated enterprises' })
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly ref: AppContextRef,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async run(_args: string[], options: { demo?: boolean; enterprises?: number; generatorSeed?: number }): Promise<void> {
    if (options.demo !== false) {
      const secrets = demoSecrets(this.config);
      await seedDemo(this.ref.app as INestApplicationContext, secrets);
      console.log('Demo data loaded.');
      if (secrets.generated) console.log(`Demo password: ${secrets.password}\nDemo partner key: ${secrets.apiKey}`);
    }
    if (options.enterprises) {
      const n = options.enterprises;
      const tty = process.stderr.isTTY;
      const { inserted, seconds } = await bulkLoadEnterprises(this.dataSource, n, {
        seed: options.generatorSeed ?? 1,
        actor: systemActor('cli'),
        onProgress: (loaded, total) => {
          const line = `${loaded} / ${total} generated enterprises loaded`;
          if (tty) process.stderr.write(`\r${line}\x1b[K`);
          else if (loaded < total) console.log(line);
        },
      });
      if (tty) process.stderr.write('\r\x1b[K');
      console.log(
        `Generated ${n} enterprises (generator seed ${options.generatorSeed ?? 1}): ${inserted} new, ${n - inserted} already present, ` +
          `${seconds.toFixed(1)} s (${Math.round(n / Math.max(seconds, 0.001))} rows/s)`,
      );
    }
  }

  @Option({ flags: '--no-demo', description: 'skip the demo users, agency and records' })
  parseDemo(): boolean {
    return false;
  }

  @Option({ flags: '--enterprises <n>', description: 'also bulk-load n generated enterprises (valid codes, Chinese names; benchmarks)' })
  parseEnterprises(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error('--enterprises must be an integer 1–10000000');
    return n;
  }

  @Option({ flags: '--generator-seed <n>', description: 'generator seed (default 1); the same seed and n generate the same enterprises, so a re-run adds nothing' })
  parseGeneratorSeed(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error('--generator-seed must be a non-negative integer');
    return n;
  }
}
