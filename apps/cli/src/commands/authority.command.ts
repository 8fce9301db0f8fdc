import { readFileSync } from 'node:fs';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { AuthoritiesService, parseAuthoritiesCsv } from '#qcr/access';
import { ProblemException, systemActor } from '#qcr/platform';
import { requiredArgument } from './arguments.js';

@SubCommand({ name: 'import', arguments: '<file>', description: 'Load authorities from CSV (code,name,level,region_code,parent); parents first; idempotent' })
export class AuthorityImportCommand extends CommandRunner {
  constructor(private readonly authorities: AuthoritiesService) {
    super();
  }

  async run(passed: string[]): Promise<void> {
    const file = requiredArgument(passed, 0, 'file');
    const { rows, errors, missingColumns } = parseAuthoritiesCsv(readFileSync(file, 'utf8'));
    if (missingColumns.length) {
      console.error(`${file}: missing columns ${missingColumns.join(', ')}`);
      process.exitCode = 1;
      return;
    }
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of rows) {
      try {
        const r = await this.authorities.upsert(systemActor('cli'), row.input);
        if (r.created) created++;
        else if (r.changed) updated++;
        else unchanged++;
      } catch (err) {
        if (!(err instanceof ProblemException)) throw err;
        const f = err.errors[0];
        errors.push({ line: row.line, field: f?.field ?? '-', rule: f?.rule ?? err.spec.code, message: err.detail ?? err.spec.title.en });
      }
    }
    // a row may break several rules: count rows, list every rule
    const rejected = new Set(errors.map((e) => e.line)).size;
    console.log(`authorities: ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected`);
    for (const e of errors.sort((a, b) => a.line - b.line).slice(0, 20)) console.log(`  line ${e.line}: ${e.field} ${e.rule} — ${e.message}`);
  }
}

@Command({ name: 'authority', description: 'Market-supervision authorities', subCommands: [AuthorityImportCommand] })
export class AuthorityCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli authority import <file.csv>');
    return Promise.resolve();
  }
}
