import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { newEnterprise } from './credit-grading-helpers.js';

/** Issue 21: GET /metrics in Prometheus text format, staff-only (metrics.read: the administrator). */
describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts requests per route and status, checks per purpose and verdict (the fast lane too), and reads pool and buffer', async () => {
    const e = await newEnterprise(t);
    // The single check is served by the fast lane (libs/joint-measures/src/checks/checks.fast-lane.ts).
    expect((await t.partner().get(`/api/v1/checks/${e.code}`).query({ purpose: 'government_procurement' })).status).toBe(200);
    expect(
      (
        await t
          .partner()
          .post('/api/v1/checks/batch')
          .send({ purpose: 'government_procurement', codes: [e.code, 'not-a-code'] })
      ).status,
    ).toBe(200);
    const res = await (await t.as('admin')).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/qcr_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/checks\/:code",status="200",le="0\.5"\} [1-9]/);
    expect(text).toMatch(/qcr_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/checks\/batch",status="200"\} [1-9]/);
    expect(text).toMatch(
      /qcr_checks_total\{purpose="government_procurement",verdict="clear"\} [2-9]|qcr_checks_total\{purpose="government_procurement",verdict="clear"\} \d{2,}/,
    );
    expect(text).toMatch(/qcr_checks_total\{purpose="government_procurement",verdict="invalid"\} [1-9]/);
    expect(text).toMatch(/^qcr_db_pool_connections \d+$/m);
    expect(text).toMatch(/^qcr_db_pool_waiting \d+$/m);
    expect(text).toMatch(/^qcr_check_log_buffer_rows \d+$/m);
    expect(text).toMatch(/# TYPE qcr_job_runs_total counter/);
    expect(text).toMatch(/# TYPE qcr_replica_lag_seconds gauge/);
    expect(text).toMatch(/^qcr_process_resident_memory_bytes \d+/m);
  });

  it('is staff-only: anonymous 401, other roles and partners 403', async () => {
    expect((await t.http().get('/metrics')).status).toBe(401);
    expect((await (await t.as('registrar')).get('/metrics')).status).toBe(403);
    expect((await t.partner().get('/metrics')).status).toBe(403);
  });
});
