import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '#qcr/platform';
import { RegistryModule } from '#qcr/registry';
import { AppContextRef } from './app-context.js';
import { AgencyAddCommand, AgencyCommand, KeyCommand, KeyIssueCommand } from './commands/agency.command.js';
import { ImportCommand, ImportCreditRecordsCommand, ImportEnterprisesCommand, ImportGradeHistoryCommand } from './commands/import.command.js';
import { ReferenceCommand, ReferenceUpdateCommand } from './commands/reference.command.js';
import { AuditAnchorCommand, AuditCommand, AuditVerifyCommand } from './commands/audit.command.js';
import { KeysCommand, KeysRotateCommand } from './commands/keys.command.js';
import { RegradeCommand } from './commands/regrade.command.js';
import { SeedCommand, SeedEnterprisesCommand } from './commands/seed.command.js';
import { UserAddCommand, UserCommand } from './commands/user.command.js';
import { AuthorityCommand, AuthorityImportCommand } from './commands/authority.command.js';

const commands = [
  SeedCommand,
  SeedEnterprisesCommand,
  UserCommand,
  UserAddCommand,
  AgencyCommand,
  AgencyAddCommand,
  KeyCommand,
  KeyIssueCommand,
  ImportCommand,
  ImportEnterprisesCommand,
  ImportCreditRecordsCommand,
  ImportGradeHistoryCommand,
  RegradeCommand,
  KeysCommand,
  KeysRotateCommand,
  AuditCommand,
  AuditAnchorCommand,
  AuditVerifyCommand,
  ReferenceCommand,
  ReferenceUpdateCommand,
  AuthorityCommand,
  AuthorityImportCommand,
];

@Module({})
export class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string, ref: AppContextRef): DynamicModule {
    return {
      module: CliModule,
      imports: [RegistryModule.forRoot(config, databaseUrl)],
      providers: [...commands, { provide: AppContextRef, useValue: ref }],
    };
  }
}
