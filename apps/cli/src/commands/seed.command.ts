import type { INestApplicationContext } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AppConfig } from '#qcr/platform';
import { demoSecrets, seedDemo } from '#qcr/registry';
import { AppContextRef } from '../app-context.js';

@Command({ name: 'seed', description: 'Load the demo data set (idempotent)' })
export class SeedCommand extends CommandRunner {
  constructor(private readonly ref: AppContextRef, private readonly config: AppConfig) {
    super();
  }

  async run(_args: string[], options: { demo?: boolean }): Promise<void> {
    if (options.demo === false) return;
    const secrets = demoSecrets(this.config);
    await seedDemo(this.ref.app as INestApplicationContext, secrets);
    console.log('Demo data loaded.');
    if (secrets.generated) console.log(`Demo password: ${secrets.password}\nDemo partner key: ${secrets.apiKey}`);
  }

  @Option({ flags: '--no-demo', description: 'skip the demo users, agency and records' })
  parseDemo(): boolean {
    return false;
  }
}
