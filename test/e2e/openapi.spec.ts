import { buildOpenApi } from '#qcr/platform';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const FILE = 'openapi.json';

/**
 * The committed openapi.json must match what the code generates. To refresh it:
 *   QCR_UPDATE_OPENAPI=1 npm test -- test/e2e/openapi
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  let generated: ReturnType<typeof buildOpenApi>;
  beforeAll(async () => {
    t = await createTestApp();
    generated = buildOpenApi(t.app);
    if (process.env.QCR_UPDATE_OPENAPI === '1') writeFileSync(FILE, JSON.stringify(generated, null, 2) + '\n');
  });
  afterAll(() => t.close());

  it('is committed and not stale', () => {
    expect(existsSync(FILE)).toBe(true);
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('declares an access rule and problem responses on every operation', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(generated.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { 'x-access'?: unknown; responses: Record<string, unknown> }>)) {
        if (!op['x-access']) missing.push(`${method.toUpperCase()} ${path}: no x-access`);
        if (!op.responses['400'] || !op.responses['500']) missing.push(`${method.toUpperCase()} ${path}: no problem responses`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is served at /docs-json', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toContain('Quality Credit Registry');
  });
});
