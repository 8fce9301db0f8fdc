import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, todayInChina } from '#qcr/platform';
import { ownTestDatabase } from '../helpers/own-database.js';

/**
 * Issue 15: `npm start` on an empty database seeds the demo listings; the grading context must already be
 * subscribed to blacklist.listing-changed then, so every listed demo enterprise shows D on its public card
 * right away (no full regrade needed). The built API (dist/, as `npm start` runs it) on its own database.
 */
const MAIN = resolve('dist/apps/api/src/main.js');

describe('demo start-up (issue 15)', () => {
  const own = ownTestDatabase('demo_start');
  const url = own.url;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
    await own.create();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await own.drop();
  });

  it('every listed demo enterprise shows D on its public card right after start', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        QCR_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'qcr-demo-start-')), 'pg'),
        QCR_SEED_DEMO: 'true',
        QCR_DEMO_PASSWORD: randomBytes(9).toString('hex'),
        QCR_DEMO_API_KEY: `qcr_DEMOSTRT_${randomBytes(20).toString('hex')}`,
        QCR_JWT_SECRET: 'demo-start-secret-'.padEnd(48, 'x'),
        LOG_LEVEL: 'silent',
        // DATABASE_URL requires keys held outside the database (issue 13): the run's own
        QCR_PII_KEY: process.env.QCR_TEST_PII_KEY!,
        QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY!,
      },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    let ready = false;
    for (const until = Date.now() + 120_000; Date.now() < until && !ready;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
      ready = await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 300));
    }
    expect(ready).toBe(true);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query<{ uscc: string }>(
      `SELECT enterprise_uscc AS uscc FROM blacklist.listings WHERE status = 'listed' AND start_date <= $1::date AND penalty_document_number LIKE 'DEMO-BL-%'`,
      [todayInChina()],
    );
    await db.end();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const { uscc } of rows) {
      const card = await fetch(`${base}/api/v1/public/enterprises/${uscc}`).then(
        (r) => r.json() as Promise<{ grade: { grade: string } | null; listings: unknown[] }>,
      );
      expect({ uscc, grade: card.grade?.grade ?? null }).toEqual({ uscc, grade: 'D' });
      expect(card.listings.length).toBe(1);
    }
  }, 180_000);
});
