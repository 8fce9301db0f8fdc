import { buildOpenApi } from '#qcr/platform';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { CATALOGUE_FILE, renderCatalogue } from '../contract/generate.js';
import { generateResponseCatalogue } from '../contract/response-types.js';
import type { Reply } from './typed-http.js';

const FILE = 'openapi.json';

/**
 * The committed openapi.json must match what the code generates. To refresh it (with the response
 * catalogue and the typed client): npm run openapi
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  let generated: ReturnType<typeof buildOpenApi>;
  let catalogue: ReturnType<typeof generateResponseCatalogue>;
  beforeAll(async () => {
    catalogue = generateResponseCatalogue();
    t = await createTestApp();
    generated = buildOpenApi(t.app);
    if (process.env.QCR_UPDATE_OPENAPI === '1') writeFileSync(FILE, JSON.stringify(generated, null, 2) + '\n');
  }, 180_000); // type-checking every controller takes 12-36 s on a shared machine
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

  // The success schemas come from the controllers' return types (test/contract/response-types.ts);
  // a changed type with a stale catalogue is a contract that lies (issue 19).
  it('has success schemas generated from the current controller return types', () => {
    expect(readFileSync(CATALOGUE_FILE, 'utf8')).toBe(renderCatalogue(catalogue));
  });

  // A route added without a typed answer fails here, so a partner never meets an undocumented body.
  it('documents a success response with a body schema or media type on every operation', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(generated.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>)) {
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) missing.push(`${method.toUpperCase()} ${path}: no 2xx response`);
        for (const [status, response] of success) {
          if (status === '204') continue;
          const schemas = Object.values(response.content ?? {}).map((c) => c.schema ?? {});
          if (!schemas.length || schemas.every((s) => Object.keys(s).length === 0)) missing.push(`${method.toUpperCase()} ${path}: ${status} without a schema`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  // A method that can return a string or bytes must say in what media type, or the CSV it sends is undocumented.
  it('declares the media type of every operation that can answer other than JSON', () => {
    const undeclared = Object.entries(catalogue.operations)
      .filter(([, op]) => op.text && !op.media?.some((m) => m !== 'application/json'))
      .map(([id]) => id);
    expect(undeclared).toEqual([]);
  });

  it('is served at /docs-json', async () => {
    const res: Reply<{ info: { title: string } }> = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toContain('Quality Credit Registry');
  });
});
