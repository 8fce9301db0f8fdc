import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRegistryClient } from '../../clients/registry/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import type { Ok, Reply } from './typed-http.js';

const run = promisify(execFile);
const GP = 'government_procurement';

/** The fenced blocks of docs/partners.md tagged `example=<name>`, by name. */
function guideExamples(): Map<string, string> {
  const text = readFileSync('docs/partners.md', 'utf8');
  // both groups always take part in a match
  return new Map([...text.matchAll(/```\w+ example=([\w-]+)\n([\s\S]*?)```/g)].map(([, name = '', block = '']): [string, string] => [name, block]));
}

/**
 * The partner integration path (issue 19): the generated typed client (clients/registry) against a
 * live registry, and the guide's curl and Node examples run as written. The Node examples import the
 * built client (dist/clients/registry), so `npm run build` first, as for every test run.
 */
describe('partner integration: typed client and the guide’s examples', () => {
  let t: TestApp;
  let url: string;
  let enterprise: TestEnterprise;
  const examples = guideExamples();
  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await partnerReady(t);
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  it('checks, batches and reads a receipt through the typed client', async () => {
    const qcr = createRegistryClient({ baseUrl: url, apiKey: t.demoApiKey });
    const one = await qcr.GET('/api/v1/checks/{code}', { params: { path: { code: enterprise.uscc }, query: { purpose: GP } } });
    expect(one.error).toBeUndefined();
    expect(one.data!.verdict).toBe('clear');
    expect(one.data!.enterprise?.name).toBe(enterprise.name);

    const batch = await qcr.POST('/api/v1/checks/batch', { body: { purpose: GP, codes: [enterprise.uscc, 'not-a-code'] } });
    // the batch may also answer CSV (Accept: text/csv), so the client types it as JSON or text
    const result = batch.data;
    if (!result || typeof result === 'string') throw new Error(`expected JSON, got ${JSON.stringify(batch.error ?? result)}`);
    expect(result.count).toBe(2);
    expect(result.results[1]).toMatchObject({ verdict: 'invalid', error: { rule: 'length' } });

    const receipt = await qcr.GET('/api/v1/checks/receipts/{receiptId}', { params: { path: { receiptId: one.data!.receipt.receiptId } } });
    expect(receipt.data).toMatchObject({ receiptId: one.data!.receipt.receiptId, verdict: 'clear', purpose: GP });

    // errors come back typed as the Problem schema
    const denied = await createRegistryClient({ baseUrl: url, apiKey: 'qcr_wrong_key' }).GET('/api/v1/checks/purposes');
    expect(denied.error?.code).toBe('AUTH.BAD_API_KEY');
  });

  describe('docs/partners.md examples, run as written', () => {
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      const first: Reply<Ok<'/api/v1/checks/{code}'>> = await t.partner().get(`/api/v1/checks/${enterprise.uscc}`).query({ purpose: GP });
      env = { ...process.env, QCR_URL: url, QCR_API_KEY: t.demoApiKey, CODE: enterprise.uscc, RECEIPT_ID: first.body.receipt.receiptId };
    });

    /** The example's JSON output, declared by the caller (the answer of the route the example calls). */
    const shell = async <T = unknown>(name: string): Promise<T> =>
      JSON.parse((await run('bash', ['-euo', 'pipefail', '-c', examples.get(name)!], { env })).stdout) as T;
    const node = async (name: string) => {
      const client = resolve('dist/clients/registry/index.js');
      const code = examples.get(name)!.replace("'@qcr/registry-client'", JSON.stringify(client));
      return JSON.parse((await run(process.execPath, ['--input-type=module', '-e', code], { env })).stdout) as unknown;
    };

    it('has the examples this test runs', () => {
      expect([...examples.keys()].sort()).toEqual(['curl-batch', 'curl-check', 'curl-receipt', 'node-batch', 'node-check', 'node-receipt']);
    });

    it('curl: check, batch, receipt', async () => {
      expect(await shell('curl-check')).toMatchObject({ verdict: 'clear', purpose: GP });
      expect((await shell<Ok<'/api/v1/checks/batch', 'post'>>('curl-batch')).results.map((r) => r.verdict)).toEqual(['clear', 'invalid']);
      expect(await shell('curl-receipt')).toMatchObject({ receiptId: env.RECEIPT_ID, verdict: 'clear' });
    });

    it('Node with the generated client: check, batch, receipt', async () => {
      expect(await node('node-check')).toMatchObject({ verdict: 'clear' });
      expect(await node('node-batch')).toEqual({ count: 2, verdicts: ['clear', 'length'] });
      expect(await node('node-receipt')).toMatchObject({ receiptId: env.RECEIPT_ID, verdict: 'clear' });
    });
  });
});
