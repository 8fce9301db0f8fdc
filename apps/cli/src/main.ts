import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { createDataSource, loadAppConfig, openDatabase, runMigrations } from '#qcr/platform';
import { prepareKeyedData, registryMigrations } from '#qcr/registry';
import { AppContextRef } from './app-context.js';
import { CliModule } from './cli.module.js';

// A failed command exits 1; the code is applied again on 'exit' (where process.exitCode still decides), in case a
// library ends the process on its own.
let failed = false;
const fail = (message: string) => {
  console.error(message);
  failed = true;
  process.exitCode = 1;
};
process.on('exit', () => {
  if (failed) process.exitCode = 1;
});

/**
 * Admin commands: `migrate`, `seed [--enterprises N]`, `seed enterprises --count N`, `user add`, `agency add`, `key issue`,
 * `import enterprises|credit-records <file>`, `regrade`, and the commands contexts add.
 * Every command first brings the schema up to date.
 */
async function main(): Promise<void> {
  // Scheduled jobs belong to the API instances; a CLI process must never claim a slot (or run a regrade) itself.
  const config = loadAppConfig({ LOG_LEVEL: 'warn', ...process.env, QCR_JOBS_ENABLED: 'false' });
  const database = await openDatabase(config);
  try {
    const migrator = await createDataSource(database.url, registryMigrations, 2).initialize();
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
      // commander reports --help and --version as errors with exit code 0
      errorHandler: (err) => ((err as { exitCode?: number }).exitCode === 0 ? undefined : fail(err.message)),
      serviceErrorHandler: (err) => fail(err.message),
    });
    ref.app = app;
    try {
      // Same start-up as the API: refuse a PII key that cannot open stored data; legacy rows re-sealed.
      await prepareKeyedData(app);
      await CommandFactory.runApplication(app);
    } finally {
      // Also when the command or the key check fails: the app holds a LISTEN connection (sessions), the pools and
      // the job timers, any of which would keep the process alive after the error was printed.
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

// A command ends the process: nothing it started may keep it running once it has answered (stdout/stderr to a
// pipe or file are synchronous on Linux, so what was printed is out).
main()
  .catch((err) => fail(err instanceof Error ? err.message : String(err)))
  .finally(() => process.exit());
