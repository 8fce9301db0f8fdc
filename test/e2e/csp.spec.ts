import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Content Security Policy without 'unsafe-inline' scripts (issue 13 §10), and pages that need none. */
describe('content security policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const scriptSrc = (csp: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src')) ?? '';
  const inlineScripts = (html: string) =>
    // both groups always participate (they may match the empty string), so they are strings
    [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs = '', body = '']) => !/\bsrc=/.test(attrs) && body.trim() !== '');
  const inlineHandlers = (html: string) => html.match(/<[^>]+\son[a-z]+\s*=/gi) ?? [];

  it.each(['/portal/', '/docs', '/api/v1/public/listings'])('%s is served with a script-src that allows no inline script', async (path) => {
    const res = await t.http().get(path).redirects(1);
    const csp = String(res.headers['content-security-policy']);
    expect(scriptSrc(csp)).toBe("script-src 'self'");
  });

  it.each(['/portal/', '/docs'])('%s has no inline script or inline event handler (they would be blocked)', async (path) => {
    const res = await t.http().get(path).redirects(1);
    expect(res.status).toBe(200);
    expect(inlineScripts(res.text)).toEqual([]);
    expect(inlineHandlers(res.text)).toEqual([]);
  });
});
