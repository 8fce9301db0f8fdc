import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __qcrEmbedded?: { stop(): Promise<void> } }).__qcrEmbedded;
  if (embedded) {
    await embedded.stop();
    return;
  }
  // External server: drop the run's database (its name contains "test", checked at setup).
  const admin = new pg.Client({ connectionString: process.env.QCR_TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${process.env.QCR_TEST_DATABASE_NAME}" WITH (FORCE)`);
  await admin.end();
}
