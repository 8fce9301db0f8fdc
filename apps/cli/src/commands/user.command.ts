import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { randomToken, ROLES, type Role, UsersService } from '#qcr/access';
import { systemActor } from '#qcr/platform';
import { requiredArgument } from './arguments.js';

@SubCommand({
  name: 'add',
  arguments: '<username>',
  description: 'Create a staff user; the password comes from QCR_NEW_PASSWORD or is generated and printed once',
})
export class UserAddCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(passed: string[], options: { role: Role[]; name?: string; authority?: string }): Promise<void> {
    const username = requiredArgument(passed, 0, 'username');
    const password = process.env.QCR_NEW_PASSWORD ?? randomToken(16);
    const user = await this.users.create(systemActor('cli'), {
      username,
      displayName: options.name ?? username,
      password,
      roles: options.role,
      authority: options.authority,
    });
    console.log(`Created ${user.username} (${user.roles.join(', ')}) id ${user.id}`);
    if (!process.env.QCR_NEW_PASSWORD) console.log(`Password (shown once): ${password}`);
  }

  @Option({ flags: '-r, --role <role>', description: `one of ${ROLES.join(', ')}; repeat for several`, required: true })
  parseRole(value: string, previous: Role[] = []): Role[] {
    if (!(ROLES as readonly string[]).includes(value)) throw new Error(`unknown role ${value}; expected one of ${ROLES.join(', ')}`);
    return [...previous, value as Role];
  }

  @Option({ flags: '-a, --authority <code>', description: 'authority the user acts for (default: the national one, samr)' })
  parseAuthority(value: string): string {
    return value;
  }

  @Option({ flags: '-n, --name <displayName>', description: 'display name, e.g. 张伟' })
  parseName(value: string): string {
    return value;
  }
}

@Command({ name: 'user', description: 'Staff users', subCommands: [UserAddCommand] })
export class UserCommand extends CommandRunner {
  run(): Promise<void> {
    console.log('usage: cli user add <username> --role <role> [--name <display name>]');
    return Promise.resolve();
  }
}
