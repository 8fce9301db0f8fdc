import { expect } from '@jest/globals';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db } from './credit-grading-helpers.js';
import { body, type Ok, type Reply } from './typed-http.js';

/**
 * Issue 15: the registry runs its own jobs at configured cron times (Asia/Shanghai), once per schedule even with
 * several instances. Two app instances on one database, both scheduling every 2 seconds; a third (jobs off) reads.
 */
describe('scheduled jobs across two instances (issue 15)', () => {
  // A database of its own: on the run's shared one, a register grown by earlier files made a run outlast the 2 s slots
  // (the next slot's start then found it running), and a run another file left behind did the same.
  const own = ownTestDatabase('jobs');
  let reader: TestApp;
  let a: TestApp;
  let b: TestApp;
  const every2s = { QCR_JOBS_ENABLED: 'true', QCR_JOB_REGRADE_CRON: '*/2 * * * * *', QCR_JOB_EXPIRY_CRON: '1-59/2 * * * * *' };

  beforeAll(async () => {
    await own.create();
    reader = await createTestApp({}, own.url);
  });
  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await reader.close();
    await own.drop();
  });

  it('each slot runs once, on one instance; runs and schedules are visible through the API', async () => {
    const since = new Date();
    [a, b] = await Promise.all([createTestApp(every2s, own.url), createTestApp(every2s, own.url)]);
    const schedules = body<Ok<'/api/v1/grading/jobs'>>(await (await a.as('grader')).get('/api/v1/grading/jobs')).schedules;
    expect(schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ job: 'daily-regrade', cron: '*/2 * * * * *', timezone: 'Asia/Shanghai', nextRun: expect.any(String) }),
        expect.objectContaining({ job: 'blacklist-expiry', cron: '1-59/2 * * * * *' }),
      ]),
    );
    await new Promise((r) => setTimeout(r, 7_000));
    await Promise.all([a.close(), b.close()]);

    const rows: Array<{ job: string; slot: string; status: string; run_id: string | null }> = await db(reader).query(
      `SELECT job, scheduled_for::text AS slot, status, result->>'runId' AS run_id FROM grading.job_runs WHERE started_at >= $1 ORDER BY scheduled_for`,
      [since],
    );
    const regrades = rows.filter((r) => r.job === 'daily-regrade');
    const expiries = rows.filter((r) => r.job === 'blacklist-expiry');
    expect(regrades.length).toBeGreaterThanOrEqual(2);
    expect(expiries.length).toBeGreaterThanOrEqual(2);
    // every slot claimed once; each regrade slot started one run and completed (the last may still be in flight at close)
    expect(new Set(regrades.map((r) => r.slot)).size).toBe(regrades.length);
    expect(regrades.slice(0, -1).map((r) => r.status)).toEqual(regrades.slice(0, -1).map(() => 'completed'));
    expect(expiries.slice(0, -1).map((r) => r.status)).toEqual(expiries.slice(0, -1).map(() => 'completed'));
    const started: Array<{ n: number }> = await db(reader).query(
      `SELECT count(*)::int AS n FROM grading.runs WHERE started_by = 'scheduled-regrade' AND started_at >= $1`,
      [since],
    );
    expect(started[0]?.n).toBeGreaterThanOrEqual(regrades.length - 1);
    expect(started[0]?.n).toBeLessThanOrEqual(regrades.length);

    // Passport strategies are process-wide and the last app created (b, now closed) registered them: read through an
    // app created after it.
    const after = await createTestApp({}, own.url);
    const api: Reply<Ok<'/api/v1/grading/jobs'>> = await (await after.as('auditor')).get('/api/v1/grading/jobs');
    await after.close();
    expect(api.status).toBe(200);
    expect(api.body.schedules).toEqual([]); // jobs are off on this instance; its runs list is the shared one
    expect(api.body.runs).toEqual(
      expect.arrayContaining([expect.objectContaining({ job: 'daily-regrade', status: 'completed', instance: expect.any(String) })]),
    );
  }, 60_000);
});
