import type { AppConfig } from '../config/app-config.js';
import { withDatabase } from './database-name.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface DatabaseRuntime {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise the embedded server in QCR_DATA_DIR with database `qcr`. */
export async function openDatabase(config: AppConfig, log: (line: string) => void = () => {}): Promise<DatabaseRuntime> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: config.QCR_DATA_DIR, port: config.QCR_PG_PORT, onLog: log });
  await server.createDatabase('qcr');
  return { url: withDatabase(server.serverUrl, 'qcr'), embedded: true, stop: () => server.stop() };
}
