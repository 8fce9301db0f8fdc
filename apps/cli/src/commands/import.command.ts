import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { CreditRecordsImporter } from '#qcr/credit-records';
import { EnterpriseImporter } from '#qcr/enterprises';
import { GradeHistoryImporter } from '#qcr/grading';
import { readFileSync } from 'node:fs';
import { systemActor } from '#qcr/platform';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Progress } from '../progress.js';
import { requiredArgument } from './arguments.js';

const FIRST_ERRORS = 20;

interface Summary {
  rowsRead: number;
  rejected: number;
  errors: Array<{ line: number; field: string; rule: string; message: string }>;
  errorsTruncated: boolean;
}

/** The file as a byte stream, counting what has been read so the bar can show how far the import is. */
function openCsv(file: string): { bytes: AsyncIterable<Buffer>; fraction: () => number } {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const size = Math.max(1, statSync(file).size);
  let read = 0;
  async function* counted() {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
  }
  return { bytes: counted(), fraction: () => read / size };
}

function printErrors(summary: Summary): void {
  if (summary.errors.length === 0) return;
  console.log(`First ${Math.min(FIRST_ERRORS, summary.errors.length)} of ${summary.errors.length}${summary.errorsTruncated ? '+' : ''} row error(s):`);
  for (const e of summary.errors.slice(0, FIRST_ERRORS)) console.log(`  line ${e.line}  ${e.field}  ${e.rule}  ${e.message}`);
}

@SubCommand({ name: 'enterprises', arguments: '<file>', description: 'Import enterprise records from a CSV (columns: docs/enterprises.md); idempotent' })
export class ImportEnterprisesCommand extends CommandRunner {
  constructor(private readonly importer: EnterpriseImporter) {
    super();
  }

  async run(passed: string[]): Promise<void> {
    const file = requiredArgument(passed, 0, 'file');
    const started = Date.now();
    const csv = openCsv(file);
    const bar = new Progress('rows');
    const summary = await this.importer.importEnterprisesCsv(csv.bytes, systemActor('cli'), {
      fileName: basename(file),
      onProgress: (p) => bar.update(csv.fraction(), p.rowsRead, `${p.inserted} inserted, ${p.updated} updated, ${p.rejected} rejected`),
    });
    bar.done();
    printErrors(summary);
    console.log(
      `Import ${summary.id} of ${summary.fileName}: ${summary.rowsRead} rows read, ${summary.inserted} inserted, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.rejected} rejected in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (summary.noChanges ? ' — nothing changed' : ''),
    );
  }
}

@SubCommand({ name: 'credit-records', arguments: '<file>', description: 'Import credit records from a CSV (columns: docs/grading.md); idempotent, regrades' })
export class ImportCreditRecordsCommand extends CommandRunner {
  constructor(private readonly importer: CreditRecordsImporter) {
    super();
  }

  async run(passed: string[]): Promise<void> {
    const file = requiredArgument(passed, 0, 'file');
    const started = Date.now();
    const csv = openCsv(file);
    const bar = new Progress('rows');
    const summary = await this.importer.importCreditRecordsCsv(csv.bytes, systemActor('cli'), {
      fileName: basename(file),
      onProgress: (p) => bar.update(csv.fraction(), p.rowsRead, `${p.inserted} inserted, ${p.unchanged} unchanged, ${p.rejected} rejected`),
    });
    bar.done();
    printErrors(summary);
    console.log(
      `Import ${summary.id} of ${summary.fileName}: ${summary.rowsRead} rows read, ${summary.inserted} inserted, ${summary.unchanged} already recorded, ` +
        `${summary.rejected} rejected, ${summary.enterprisesRegraded} enterprise(s) regraded in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (summary.noChanges ? ' — nothing changed' : ''),
    );
  }
}

@SubCommand({
  name: 'grade-history',
  arguments: '<file>',
  description: 'Import past grades (enterprise_code, grade, valid_from, valid_to, authority; docs/grading.md); all or nothing, idempotent',
})
export class ImportGradeHistoryCommand extends CommandRunner {
  constructor(private readonly importer: GradeHistoryImporter) {
    super();
  }

  async run(passed: string[]): Promise<void> {
    const file = requiredArgument(passed, 0, 'file');
    if (!existsSync(file)) throw new Error(`no such file: ${file}`);
    try {
      const r = await this.importer.importCsv(readFileSync(file), systemActor('cli'), basename(file));
      console.log(
        `Import ${r.id} of ${r.fileName}: ${r.rowsRead} rows read, ${r.inserted} period(s) imported, ${r.unchanged} already on file, ` +
          `${r.enterprisesRegraded} enterprise(s) regraded` +
          (r.noChanges ? ' — nothing changed' : ''),
      );
    } catch (err) {
      const rows = (err as { extra?: { rows?: Array<{ line: number; field: string; rule: string; message: string }> } }).extra?.rows;
      if (!rows) throw err;
      printErrors({ rowsRead: 0, rejected: rows.length, errors: rows, errorsTruncated: false });
      throw new Error(`${rows.length} problem(s) in ${file}; nothing was imported`, { cause: err });
    }
  }
}

@Command({ name: 'import', description: 'Bulk CSV imports', subCommands: [ImportEnterprisesCommand, ImportCreditRecordsCommand, ImportGradeHistoryCommand] })
export class ImportCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli import enterprises <file.csv> | cli import credit-records <file.csv> | cli import grade-history <file.csv>');
    return Promise.resolve();
  }
}
