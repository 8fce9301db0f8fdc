import { querySingle } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Problem, Reply } from './typed-http.js';

describe('partner agencies and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function newAgencyWithKey(purposes: string[]) {
    const admin = await t.as('admin');
    const agency: Reply<Ok<'/api/v1/admin/agencies', 'post'>> = await admin
      .post('/api/v1/admin/agencies')
      .send({ code: `ag-${Date.now()}-${Math.round(Math.random() * 1e6)}`, name: '测试银行', department: '金融局', purposes });
    expect(agency.status).toBe(201);
    const issued: Reply<Ok<'/api/v1/admin/agencies/{agencyId}/keys', 'post'>> = await admin
      .post(`/api/v1/admin/agencies/${agency.body.id}/keys`)
      .send({ label: 'test', validDays: 30 });
    expect(issued.status).toBe(201);
    return { agency: agency.body, key: issued.body.key, keyId: issued.body.id };
  }

  it('shows the key once and stores only a hash', async () => {
    const { agency, key } = await newAgencyWithKey(['financing']);
    expect(key).toMatch(/^qcr_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/);
    const admin = await t.as('admin');
    const listed: Reply<Ok<'/api/v1/admin/agencies/{agencyId}/keys'>> = await admin.get(`/api/v1/admin/agencies/${agency.id}/keys`);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(13));
    const row = await querySingle<{ key_hash: string }>(t.app.get(DataSource), 'SELECT key_hash FROM access.api_keys WHERE agency_id = $1', [agency.id]);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.key_hash).not.toContain(key.slice(13));
  });

  it('authenticates a partner on a partner route and refuses it on staff-only routes', async () => {
    const { key } = await newAgencyWithKey(['financing']);
    const staffOnly = await t.http().get('/api/v1/admin/users').set('X-API-Key', key);
    expect(staffOnly.status).toBe(403);
    const bogus: Reply<Problem> = await t
      .http()
      .get('/api/v1/admin/users')
      .set('X-API-Key', 'qcr_AAAAAAAA_' + 'b'.repeat(40));
    expect(bogus.status).toBe(401);
    expect(bogus.body.code).toBe('AUTH.BAD_API_KEY');
  });

  it('a revoked key stops working at once', async () => {
    const { key, keyId } = await newAgencyWithKey(['financing']);
    // warm the key cache, then revoke
    await t.http().get('/api/v1/auth/me').set('X-API-Key', key);
    const admin = await t.as('admin');
    const revoked: Reply<Ok<'/api/v1/admin/keys/{keyId}', 'delete'>> = await admin.delete(`/api/v1/admin/keys/${keyId}`).send({ reason: 'leaked' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await t.http().get('/api/v1/admin/users').set('X-API-Key', key);
    expect(after.status).toBe(401);
    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?entityType=api-key&entityId=${keyId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['api-key.revoked', 'api-key.issued']);
    expect(audit.body.items[0]?.reason).toBe('leaked');
  });
});

describe('rate limit per key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ QCR_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After once the key has used its quota, without touching other callers', async () => {
    const statuses: number[] = [];
    let last: Reply<Problem> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await t.partner().get('/api/v1/admin/users');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    if (!last) throw new Error('no request was sent');
    expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last.body.code).toBe('REQUEST.RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // a different key (forged, so 401) has its own bucket
    const other = await t
      .http()
      .get('/api/v1/admin/users')
      .set('X-API-Key', 'qcr_BBBBBBBB_' + 'c'.repeat(40));
    expect(other.status).toBe(401);
  });
});
