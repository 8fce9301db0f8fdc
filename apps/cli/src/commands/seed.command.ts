import type { INestApplicationContext } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { bulkLoadEnterprises, PersonalDataCipher } from '#qcr/enterprises';
import { AppConfig, systemActor } from '#qcr/platform';
import { demoSecrets, seedDemo } from '#qcr/registry';
import type { DataSource } from 'typeorm';
import { AppContextRef } from '../app-context.js';
import { Progress } from '../progress.js';

const MAX_GENERATED = 10_000_000;

function parseCount(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_GENERATED) throw new Error(`${flag} must be an integer 1–${MAX_GENERATED}`);
  return n;
}

function parseGeneratorSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error('--generator-seed must be a non-negative integer');
  return n;
}

/** Bulk-loads n generated enterprises (valid codes, Chinese names, regions, industries) with a progress bar. */
async function loadGenerated(dataSource: DataSource, cipher: PersonalDataCipher, n: number, generatorSeed = 1): Promise<void> {
  const bar = new Progress('enterprises');
  const { inserted, seconds } = await bulkLoadEnterprises(dataSource, n, {
    seed: generatorSeed,
    cipher,
    actor: systemActor('cli'),
    onProgress: (loaded, total) => bar.update(loaded / total, loaded),
  });
  bar.done();
  console.log(
    `Generated ${n} enterprises (generator seed ${generatorSeed}): ${inserted} new, ${n - inserted} already present, ` +
      `${seconds.toFixed(1)} s (${Math.round(n / Math.max(seconds, 0.001))} rows/s)`,
  );
}

const SEED_HELP = 'generator seed (default 1); the same seed and count generate the same enterprises, so a re-run adds nothing';

/** `cli seed enterprises --count N`: generated enterprises only (what the benchmarks load). */
@SubCommand({ name: 'enterprises', description: 'Bulk-load N generated enterprises (valid codes, Chinese names, regions, industries)' })
export class SeedEnterprisesCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {
    super();
  }

  async run(_args: string[], options: { count?: number; generatorSeed?: number }): Promise<void> {
    if (!options.count) throw new Error('--count <n> is required');
    await loadGenerated(this.dataSource, this.cipher, options.count, options.generatorSeed);
  }

  @Option({ flags: '--count <n>', description: `how many enterprises to generate (1–${MAX_GENERATED})`, required: true })
  parseCount(v: string): number {
    return parseCount('--count', v);
  }

  @Option({ flags: '--generator-seed <n>', description: SEED_HELP })
  parseGeneratorSeed(v: string): number {
    return parseGeneratorSeed(v);
  }
}

@Command({
  name: 'seed',
  description: 'Load the demo data set (idempotent); --enterprises N also adds N generated enterprises (same as `seed enterprises --count N`)',
  subCommands: [SeedEnterprisesCommand],
})
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly ref: AppContextRef,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
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
    if (options.enterprises) await loadGenerated(this.dataSource, this.cipher, options.enterprises, options.generatorSeed);
  }

  @Option({ flags: '--no-demo', description: 'skip the demo users, agency and records' })
  parseDemo(): boolean {
    return false;
  }

  @Option({ flags: '--enterprises <n>', description: 'also bulk-load n generated enterprises (valid codes, Chinese names; benchmarks)' })
  parseEnterprises(v: string): number {
    return parseCount('--enterprises', v);
  }

  @Option({ flags: '--generator-seed <n>', description: SEED_HELP })
  parseGeneratorSeed(v: string): number {
    return parseGeneratorSeed(v);
  }
}
