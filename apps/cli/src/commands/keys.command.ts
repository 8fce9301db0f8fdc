import type { INestApplicationContext } from '@nestjs/common';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { PersonalDataCipher } from '#qcr/enterprises';
import { preparePersonalData } from '#qcr/registry';
import { AppContextRef } from '../app-context.js';

/**
 * `cli keys rotate`: after putting a new key first in QCR_PII_KEY (or its file) and keeping the old one after it,
 * re-seals every ID number and phone and re-digests every ID (records, their history, listings) under the new key,
 * 1,000 rows per transaction, so it can be interrupted and re-run. Afterwards the old key can be dropped.
 */
@SubCommand({ name: 'rotate', description: 'Re-seal and re-digest personal data under the current (first) QCR_PII_KEY, in chunks' })
export class KeysRotateCommand extends CommandRunner {
  constructor(
    private readonly ref: AppContextRef,
    private readonly cipher: PersonalDataCipher,
  ) {
    super();
  }

  async run(): Promise<void> {
    const started = Date.now();
    const done = await preparePersonalData(this.ref.app as INestApplicationContext, 'rotate', (n) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${n} re-sealed\x1b[K`);
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.log(
      `Personal data now under key ${this.cipher.currentKeyId}: ${done.rows} record(s), ${done.versions} version(s), ` +
        `${done.listings} listing(s) re-sealed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

@Command({ name: 'keys', description: 'Personal-data keys (see README § Keys)', subCommands: [KeysRotateCommand] })
export class KeysCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli keys rotate');
    return Promise.resolve();
  }
}
