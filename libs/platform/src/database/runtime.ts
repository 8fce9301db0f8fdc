import type { AppConfig } from '../config/app-config.js';
import { withDatabase } from './database-name.js';
import { startEmbeddedPostgres } from './embedded.js';
import { probeExternalDatabase } from './external-database.js';

export interface DatabaseRuntime {
  url: string;
  embedded: boolean;
  /** Unexpected exits of the embedded server the API recovered from (always 0 with DATABASE_URL). */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  log?: (line: string) => void;
  /** Restart the embedded server when it dies (the API); the CLI, which runs one command, does not. */
  supervise?: boolean;
  /** Called when the restarts are used up (the API then stops, so that its own supervisor can start it afresh). */
  onGiveUp?: () => void;
}

/** DATABASE_URL when given (the API never starts or stops that server); otherwise the embedded server in QCR_DATA_DIR with database `qcr`. */
export async function openDatabase(config: AppConfig, options: OpenDatabaseOptions = {}): Promise<DatabaseRuntime> {
  if (config.DATABASE_URL) {
    await probeExternalDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: false, restarts: 0, stop: async () => {} };
  }
  const log = options.log ?? (() => {});
  const server = await startEmbeddedPostgres({
    dataDir: config.QCR_DATA_DIR,
    port: config.QCR_PG_PORT,
    // PostgreSQL's own chatter stays out of the API's log; its FATAL lines reach start-up errors and restart logs.
    onEvent: log,
    supervise: options.supervise ? { maxRetries: config.QCR_PG_MAX_RESTARTS, onGiveUp: options.onGiveUp } : undefined,
  });
  await server.createDatabase('qcr');
  return {
    url: withDatabase(server.serverUrl, 'qcr'),
    embedded: true,
    get restarts() {
      return server.restarts;
    },
    stop: () => server.stop(),
  };
}
