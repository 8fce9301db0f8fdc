import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** helmet's headers are computed once at start (platform security-headers.ts); every answer must still carry them. */
describe('security headers on every answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a public API answer', '/api/v1/public/enterprises?q=厦门', 200],
    ['a problem (404)', '/api/v1/no-such-route', 404],
    ['a problem (401)', '/api/v1/enterprises', 401],
    ['a fast-lane answer (401 problem)', '/api/v1/checks/91350200776049653A?purpose=government_procurement', 401],
    ['the portal', '/portal/', 200],
  ])('%s', async (_label, path, status) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/object-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('on a partner check served by the fast lane', async () => {
    const res = await t.partner().get('/api/v1/checks/91350200776049653A').query({ purpose: 'government_procurement' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
