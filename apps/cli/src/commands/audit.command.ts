import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { type AuditAnchor, AuditChain } from '#qcr/audit';

/** `cli audit anchor > head.json`: the chain's head (sequence and hash), to keep outside the database. */
@SubCommand({ name: 'anchor', description: 'Print the audit chain head (seq, hash) as JSON, to store outside the database' })
export class AuditAnchorCommand extends CommandRunner {
  constructor(private readonly chain: AuditChain) {
    super();
  }

  async run(): Promise<void> {
    const anchor = await this.chain.anchor();
    if (!anchor) throw new Error('the audit log is empty: nothing to anchor');
    console.log(JSON.stringify(anchor));
  }
}

/** `cli audit verify [--anchor head.json]`: exit 0 when the chain holds (and still reaches the anchored head), else 1. */
@SubCommand({ name: 'verify', description: 'Verify the keyed audit chain; with --anchor, also that the anchored head is still there' })
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly chain: AuditChain) {
    super();
  }

  async run(_args: string[], options: { anchor?: AuditAnchor }): Promise<void> {
    const result = await this.chain.verify(options.anchor);
    console.log(JSON.stringify(result));
    if (!result.ok) throw new Error(`audit chain broken at entry ${result.firstBrokenSeq}: ${result.reason}`);
  }

  @Option({ flags: '--anchor <file>', description: 'a file written by `cli audit anchor`' })
  parseAnchor(file: string): AuditAnchor {
    const anchor = JSON.parse(readFileSync(file, 'utf8')) as AuditAnchor;
    if (!/^\d+$/.test(String(anchor.seq)) || !/^[0-9a-f]{64}$/.test(anchor.hash)) throw new Error(`${file} is not an audit anchor (seq, hash)`);
    return anchor;
  }
}

@Command({
  name: 'audit',
  description: 'Audit chain: anchor the head outside the database, verify against it',
  subCommands: [AuditAnchorCommand, AuditVerifyCommand],
})
export class AuditCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli audit anchor > head.json | cli audit verify [--anchor head.json]');
    return Promise.resolve();
  }
}
