import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { createDataSource, loadAppConfig, openDatabase, runMigrations } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import { AppContextRef } from './app-context.js';
import { CliModule } from './cli.module.js';

/**
 * Admin commands: `migrate`, `seed`, `user add`, `agency add`, `key issue`, and
 * the commands contexts add. Every command first brings the schema up to date.
 */
async function main(): Promise<void> {
  const config = loadAppConfig({ LOG_LEVEL: 'warn', ...process.env });
  const database = await openDatabase(config);
  try {
    const migrator = await createDataSource(database.url, registryMigrations, 1).initialize();
    const applied = await runMigrations(migrator);
    await migrator.destroy();
    if (process.argv[2] === 'migrate') {
      console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Schema is up to date.');
      return;
    }
    const ref = new AppContextRef();
    const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, database.url, ref), {
      logger: ['error', 'warn'],
      cliName: 'qcr',
      errorHandler: (err) => {
        console.error(err.message);
        process.exitCode = 1;
      },
      serviceErrorHandler: (err) => {
        console.error(err.message);
        process.exitCode = 1;
      },
    });
    ref.app = app;
    await CommandFactory.runApplication(app);
    await app.close();
  } finally {
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
