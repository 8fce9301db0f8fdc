import { RegradeRuns } from '#qcr/grading';
import { querySingle, systemActor } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db, newEnterprise } from './credit-grading-helpers.js';

/**
 * A regrade run in progress when the API stops (crash-only lifecycle, issue 25): the run ends after the chunk in hand,
 * marked failed with "interrupted" and resumable, rather than left `running` — which refused every new run with 409
 * for ten minutes (seen in CI: a test file closed its app during a run, and the next file's runs were refused).
 */
describe('a regrade run when the API stops', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is marked interrupted (failed, resumable) instead of staying running', async () => {
    for (let i = 0; i < 5; i++) await newEnterprise(t); // enough chunks of one that the run is still going when the stop comes
    // The service's own start (the route's DTO asks for chunks of at least 100): one enterprise per chunk.
    const runs = t.app.get(RegradeRuns);
    const started = await runs.start(systemActor('shutdown-test'), { chunkSize: 1 });
    expect(started.status).toBe('running');
    await runs.beforeApplicationShutdown();
    const run = await querySingle<{ status: string; error: string | null }>(db(t), `SELECT status, error FROM grading.runs WHERE id = $1`, [started.id]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/interrupted/);
    // and nothing new starts on a stopping API
    expect((await (await t.as('grader')).post('/api/v1/grading/runs').send({ chunkSize: 100 })).status).toBe(503);
    // and no run is left `running` with nobody working on it (it would refuse every later run with 409)
    const running = await querySingle<{ n: number }>(
      db(t),
      `SELECT count(*)::int AS n FROM grading.runs WHERE status = 'running' AND started_at >= (SELECT started_at FROM grading.runs WHERE id = $1)`,
      [started.id],
    );
    expect(running.n).toBe(0);
  });
});
