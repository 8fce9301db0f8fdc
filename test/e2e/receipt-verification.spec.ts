import { addDays, todayInChina } from '#qcr/platform';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listEnterprise, partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { defined, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 17: a printed receipt number can be verified by anyone — the answer, never the asker. */
describe('public receipt verification (回执核验)', () => {
  let t: TestApp;
  let listed: TestEnterprise;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
    listed = await registerEnterprise(t);
    await listEnterprise(t.app.get(DataSource), listed, addDays(todayInChina(), -10), addDays(todayInChina(), 1000));
  });
  afterAll(() => t.close());

  it('shows verdict, as-of date and time of a partner’s check to an anonymous caller, without the agency', async () => {
    const checked: Reply<Ok<'/api/v1/checks/{code}'>> = await t
      .partner()
      .get(`/api/v1/checks/${listed.uscc}`)
      .query({ purpose: 'government_procurement', asOf: '2026-01-05' });
    expect(checked.status).toBe(200);
    const { receiptId, time, askedBy } = checked.body.receipt;
    const res: Reply<Ok<'/api/v1/public/receipts/{receiptId}'>> = await t.http().get(`/api/v1/public/receipts/${receiptId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      receiptId,
      batchId: null,
      time: expect.any(String),
      purpose: 'government_procurement',
      asOf: '2026-01-05',
      verdict: checked.body.verdict,
      enterprise: { name: listed.name, uscc: listed.uscc, orgCode: listed.orgCode },
      grade: checked.body.grade?.grade ?? null,
      measures: checked.body.measures.map((m: { code: string }) => m.code),
      listings: expect.any(Array),
    });
    expect(new Date(res.body.time).getTime()).toBe(new Date(time).getTime());
    const text = JSON.stringify(res.body);
    for (const secret of [askedBy.name, askedBy.id, askedBy.agencyId, '测试人', 'askedBy', 'feedback']) expect(text).not.toContain(secret);
  });

  it('verifies each receipt of a batch, carrying the batch id', async () => {
    const batch: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
      .partner()
      .post('/api/v1/checks/batch')
      .send({ purpose: 'honours', codes: [listed.orgCode] });
    const res: Reply<Ok<'/api/v1/public/receipts/{receiptId}'>> = await t
      .http()
      .get(`/api/v1/public/receipts/${defined(batch.body.results[0]?.receiptId, 'the receipt of the code')}`);
    expect(res.body).toMatchObject({ batchId: batch.body.batchId, verdict: 'restricted', purpose: 'honours' });
  });

  it('answers an unknown receipt 404 and a malformed one 400, as problems', async () => {
    const unknown: Reply<Problem> = await t.http().get('/api/v1/public/receipts/0193aaaa-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CHECKS.RECEIPT_NOT_FOUND');
    const bad = await t.http().get('/api/v1/public/receipts/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('verifies a whole batch by its id: each answer in input order and the digest printed on the report, never the agency', async () => {
    const other = await registerEnterprise(t);
    const batch: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
      .partner()
      .post('/api/v1/checks/batch')
      .send({ purpose: 'government_procurement', codes: [other.uscc, 'BAD', listed.uscc] });
    expect(batch.status).toBe(200);
    const res: Reply<Ok<'/api/v1/public/batches/{batchId}'>> = await t.http().get(`/api/v1/public/batches/${batch.body.batchId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ batchId: batch.body.batchId, purpose: 'government_procurement', asOf: batch.body.asOf, count: 2 });
    const [first, , third] = batch.body.results;
    expect(res.body.items.map((i) => [i.position, i.verdict, i.receiptId])).toEqual([
      [1, first?.verdict, first?.receiptId],
      [3, 'restricted', third?.receiptId],
    ]);
    expect(res.body.items[1]).toMatchObject({ standing: 'excluded', enterprise: { name: listed.name, uscc: listed.uscc, orgCode: listed.orgCode } });
    const text = JSON.stringify(res.body);
    for (const secret of [batch.body.askedBy.name, batch.body.askedBy.id, 'askedBy', 'agency', '测试人']) expect(text).not.toContain(secret);
    // the digest is the one the downloaded report prints
    const xlsx: Reply<Buffer> = await t
      .partner()
      .get(`/api/v1/checks/batches/${batch.body.batchId}/report`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(xlsx.body).buffer); // exceljs takes an ArrayBuffer
    const printed: string[] = [];
    defined(book.worksheets[0], 'the report sheet').eachRow((row) => printed.push((row.values as unknown[]).slice(1).join('|')));
    expect(printed).toContain(`摘要（SHA-256）|${res.body.digest}`);
    expect(res.body.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(printed.some((l) => l.includes(`/portal/#/verify?id=${batch.body.batchId}`))).toBe(true);

    const unknown: Reply<Problem> = await t.http().get('/api/v1/public/batches/0193aaaa-0000-7000-8000-0000000000b0');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CHECKS.BATCH_NOT_FOUND');
    expect((await t.http().get('/api/v1/public/batches/nope')).status).toBe(400);
  });

  it('serves the QR code of the verification page for an id, as SVG, and nothing for a non-id', async () => {
    const id = '0193aaaa-0000-7000-8000-0000000000c0';
    const res: Reply<string> = await t
      .http()
      .get(`/api/v1/public/verification-qr/${id}`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.on('data', (d: Buffer) => (s += d.toString()));
        r.on('end', () => cb(null, s));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const host = new URL(res.request.url).host;
    expect(res.body).toBe(await QRCode.toString(`http://${host}/portal/#/verify?id=${id}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
    expect((await t.http().get('/api/v1/public/verification-qr/https%3A%2F%2Fevil.example')).status).toBe(400);
  });

  it('is rate-limited per client address (429 with Retry-After)', async () => {
    const id = '0193aaaa-0000-7000-8000-000000000001';
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await t.http().get(`/api/v1/public/receipts/${id}`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await t.http().get(`/api/v1/public/receipts/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toEqual(expect.any(String));
    // batch verification has the same tight limit
    const batchStatuses: number[] = [];
    for (let i = 0; i < 32; i++) batchStatuses.push((await t.http().get(`/api/v1/public/batches/${id}`)).status);
    expect(batchStatuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // the rest of the public API keeps its own, larger budget
    expect((await t.http().get(`/api/v1/public/enterprises/${listed.uscc}`)).status).toBe(200);
  });
});
