import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { readReferenceDocument, ReferenceEditions } from '#qcr/enterprises';
import { systemActor } from '#qcr/platform';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';

/** `cli reference update <file>`: a newer GB/T 2260 or GB/T 4754 edition, in the seed files' JSON format (seeds/README.md). */
@SubCommand({ name: 'update', arguments: '<file>', description: 'Load a newer GB/T 2260 / GB/T 4754 edition (JSON, as seeds/); versioned and audited' })
export class ReferenceUpdateCommand extends CommandRunner {
  constructor(private readonly editions: ReferenceEditions) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    if (!file || !existsSync(file)) throw new Error(`no such file: ${file}`);
    const loaded = await this.editions.load(systemActor('cli'), readReferenceDocument(file), basename(file));
    console.log(
      `${loaded.standard === 'gbt2260' ? 'GB/T 2260' : 'GB/T 4754'} edition "${loaded.edition}" loaded as edition #${loaded.id}: ` +
        `${loaded.rows} rows read, ${loaded.added} added, ${loaded.changed} changed, ${loaded.retired} newly retired`,
    );
  }
}

@Command({ name: 'reference', description: 'Reference data (GB/T 2260 divisions, GB/T 4754 industries)', subCommands: [ReferenceUpdateCommand] })
export class ReferenceCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli reference update <file.json>');
    return Promise.resolve();
  }
}
