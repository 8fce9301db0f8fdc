import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { addDays, todayInChina } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise } from './checks.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

// Daily extracts (issue 20): full + delta, CSV and JSON Lines gzip, a signed SHA-256 manifest, retention.
describe('daily extracts (/api/v1/extracts)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ QCR_EXTRACTS_DIR: mkdtempSync(join(tmpdir(), 'qcr-extracts-')), QCR_EXTRACT_RETENTION_DAYS: '30' });
    await partnerReady(t);
  });
  afterAll(() => t.close());

  const get = (path: string) =>
    t
      .partner()
      .get(path)
      .buffer(true)
      .parse(binary as never) as unknown as Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;

  it('builds a full extract, then a delta naming what changed since, each file hashed in a signed manifest', async () => {
    const admin = await t.as('admin');
    const yesterday = addDays(todayInChina(), -1);
    const first: Reply<Ok<'/api/v1/extracts/run', 'post'>> = await admin.post(`/api/v1/extracts/run?date=${yesterday}`).send({});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ date: yesterday, previous: null });
    expect(first.body.files.map((f: { name: string }) => f.name)).toEqual(['full.csv.gz', 'full.jsonl.gz']);

    const e = await registerEnterprise(t);
    const second = body<Ok<'/api/v1/extracts/run', 'post'>>(await admin.post('/api/v1/extracts/run').send({}));
    expect(second).toMatchObject({ date: todayInChina(), previous: yesterday });
    const delta = defined(
      second.files.find((f) => f.name === 'delta.jsonl.gz'),
      'the delta file',
    );
    expect(delta.rows).toBeGreaterThanOrEqual(1);

    const listed: Reply<Ok<'/api/v1/extracts'>> = await t.partner().get('/api/v1/extracts');
    expect(listed.body.map((m: { date: string }) => m.date)).toEqual([todayInChina(), yesterday]);

    // every file is what its manifest says
    for (const f of second.files) {
      const res = await get(`/api/v1/extracts/${second.date}/${f.name}`);
      expect([f.name, res.status, res.headers['content-type']]).toEqual([f.name, 200, 'application/gzip']);
      expect(createHash('sha256').update(res.body).digest('hex')).toBe(f.sha256);
    }
    const deltaRows = gunzipSync((await get(`/api/v1/extracts/${second.date}/delta.jsonl.gz`)).body)
      .toString()
      .trim()
      .split('\n')
      .map((l): unknown => JSON.parse(l));
    expect(deltaRows).toContainEqual(expect.objectContaining({ uscc: e.uscc, orgCode: e.orgCode, name: e.name, grade: null, listings: [] }));
    const fullCsv = gunzipSync((await get(`/api/v1/extracts/${second.date}/full.csv.gz`)).body).toString();
    expect(fullCsv.startsWith('\uFEFFuscc,org_code,name,status,grade,grade_from,listed')).toBe(true);
    expect(fullCsv).toContain(`${e.uscc},${e.orgCode},${e.name},active,,,false`);
    expect(fullCsv).not.toMatch(/legal|法定代表人/); // published fields only

    // the manifest verifies with the registry's public key; a changed byte does not
    const manifest = (await get(`/api/v1/extracts/${second.date}/manifest.json`)).body;
    const signature = Buffer.from((await get(`/api/v1/extracts/${second.date}/manifest.json.sig`)).body.toString(), 'base64');
    const key = createPublicKey((await t.partner().get('/api/v1/extracts/signing-key')).text);
    expect(verify(null, manifest, key, signature)).toBe(true);
    expect(verify(null, Buffer.from(manifest.toString().replace(defined(second.files[0], 'the first file').sha256, '0'.repeat(64))), key, signature)).toBe(
      false,
    );
  });

  it('keeps QCR_EXTRACT_RETENTION_DAYS of extracts', async () => {
    const admin = await t.as('admin');
    const later = addDays(todayInChina(), 30); // keeps [later − 30 days, later]: today stays, yesterday goes
    expect((await admin.post(`/api/v1/extracts/run?date=${later}`).send({})).status).toBe(200);
    const dates = body<Ok<'/api/v1/extracts'>>(await t.partner().get('/api/v1/extracts')).map((m: { date: string }) => m.date);
    expect(dates).toEqual([later, todayInChina()]);
  });

  it('answers 404 problem+json for files that are not an extract’s, and 400 for a bad date', async () => {
    for (const path of ['2020-01-01/full.csv.gz', `${todayInChina()}/..%2Fsigning-key.pem`, `${todayInChina()}/signing-key.pem`]) {
      const res: Reply<Problem> = await t.partner().get(`/api/v1/extracts/${path}`);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'EXTRACTS.NOT_FOUND']);
    }
    const bad: Reply<Problem> = await (await t.as('admin')).post('/api/v1/extracts/run?date=2026-02-30').send({});
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'date']);
  });
});
