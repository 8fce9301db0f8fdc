import pg from 'pg';
import { withDatabase } from '#qcr/platform';

/**
 * A database of a suite's own on the run's server (`<run database>_<suffix>`), for suites whose data or
 * processes would disturb the shared one: create it in beforeAll, drop it in afterAll.
 */
export function ownTestDatabase(suffix: string): { name: string; url: string; create(): Promise<void>; drop(): Promise<void> } {
  const serverUrl = process.env.QCR_TEST_SERVER_URL!;
  const name = `${process.env.QCR_TEST_DATABASE_NAME}_${suffix}`;
  const onServer = async (sql: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  return {
    name,
    url: withDatabase(serverUrl, name),
    create: () => onServer(`CREATE DATABASE "${name}"`),
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
