import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AgenciesService, PURPOSES } from '#qcr/access';
import { systemActor } from '#qcr/platform';
import { requiredArgument } from './arguments.js';

@SubCommand({ name: 'add', arguments: '<code>', description: 'Register a partner agency (合作部门)' })
export class AgencyAddCommand extends CommandRunner {
  constructor(private readonly agencies: AgenciesService) {
    super();
  }

  async run(passed: string[], options: { name: string; department: string; purposes: string[] }): Promise<void> {
    const code = requiredArgument(passed, 0, 'code');
    const agency = await this.agencies.create(systemActor('cli'), { code, name: options.name, department: options.department, purposes: options.purposes });
    console.log(`Created agency ${agency.code} id ${agency.id} purposes ${agency.purposes.join(', ')}`);
  }

  @Option({ flags: '--name <name>', required: true }) parseName(v: string) {
    return v;
  }
  @Option({ flags: '--department <department>', required: true }) parseDepartment(v: string) {
    return v;
  }
  @Option({ flags: '--purposes <list>', description: `comma-separated: ${PURPOSES.join(', ')}`, required: true })
  parsePurposes(v: string): string[] {
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.filter((p) => !(PURPOSES as readonly string[]).includes(p));
    if (bad.length) throw new Error(`unknown purposes: ${bad.join(', ')}`);
    return list;
  }
}

@Command({ name: 'agency', description: 'Partner agencies', subCommands: [AgencyAddCommand] })
export class AgencyCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli agency add <code> --name <name> --department <dept> --purposes a,b');
    return Promise.resolve();
  }
}

@SubCommand({ name: 'issue', arguments: '<agencyCode>', description: 'Issue an API key; printed once, stored hashed' })
export class KeyIssueCommand extends CommandRunner {
  constructor(private readonly agencies: AgenciesService) {
    super();
  }

  async run(passed: string[], options: { label?: string; days?: number }): Promise<void> {
    const agencyCode = requiredArgument(passed, 0, 'agencyCode');
    const agency = await this.agencies.findByCode(agencyCode);
    if (!agency) throw new Error(`no agency ${agencyCode}`);
    const issued = await this.agencies.issueKey(systemActor('cli'), agency.id, { label: options.label ?? 'cli', validDays: options.days ?? 365 });
    console.log(`Key ${issued.id} for ${agency.code}, expires ${new Date(issued.expiresAt).toISOString()}\n${issued.key}`);
  }

  @Option({ flags: '--label <label>' }) parseLabel(v: string) {
    return v;
  }
  @Option({ flags: '--days <days>', description: 'validity in days (1–730, default 365)' })
  parseDays(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 730) throw new Error('--days must be an integer 1–730');
    return n;
  }
}

@Command({ name: 'key', description: 'Partner API keys', subCommands: [KeyIssueCommand] })
export class KeyCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli key issue <agencyCode> [--label l] [--days n]');
    return Promise.resolve();
  }
}
