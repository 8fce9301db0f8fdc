import { querySingle } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

describe('audit log: append-only and hash-chained', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it("records who changed what, with before/after and the request id (ours, not the client's)", async () => {
    const admin = await t.as('admin');
    const res: Reply<Ok<'/api/v1/admin/agencies', 'post'>> = await admin
      .post('/api/v1/admin/agencies')
      .set('X-Request-Id', 'audit-req-1')
      .send({ code: `audit-${Date.now()}`, name: '审计测试', department: '市场监管局', purposes: ['honours'] });
    expect(res.status).toBe(201);
    const log: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?entityType=agency&entityId=${res.body.id}`);
    expect(log.body.items).toHaveLength(1);
    expect(res.headers['x-request-id']).not.toBe('audit-req-1');
    expect(log.body.items[0]).toMatchObject({
      action: 'agency.created',
      actor: { kind: 'staff', name: 'admin', roles: ['admin'] },
      requestId: res.headers['x-request-id'],
      after: { code: res.body.code, purposes: ['honours'] },
    });
  });

  it('rejects UPDATE, DELETE and TRUNCATE in the database', async () => {
    await expect(db.query(`UPDATE audit.entries SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit.entries`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit.entries`)).rejects.toThrow(/append-only/);
  });

  it('verify walks the chain, and catches a row tampered with through SQL', async () => {
    const auditor = await t.as('auditor');
    const clean: Reply<Ok<'/api/v1/audit/verify'>> = await auditor.get('/api/v1/audit/verify');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(clean.body.checked).toBeGreaterThan(0);

    const target = await querySingle<{ seq: string; reason: string | null }>(db, `SELECT seq, reason FROM audit.entries ORDER BY seq DESC LIMIT 1 OFFSET 1`);
    // A superuser can bypass the trigger; this is the tampering verify must catch.
    const setReason = (reason: string | null) =>
      db.transaction(async (em) => {
        await em.query(`ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update`);
        await em.query(`UPDATE audit.entries SET reason = $2 WHERE seq = $1`, [target.seq, reason]);
        await em.query(`ALTER TABLE audit.entries ENABLE TRIGGER entries_no_update`);
      });
    await setReason('rewritten history');
    try {
      const broken = await auditor.get('/api/v1/audit/verify');
      expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: String(target.seq), reason: 'entry content does not match its hash' });
    } finally {
      await setReason(target.reason); // later suites share this database
    }
    const again: Reply<Ok<'/api/v1/audit/verify'>> = await auditor.get('/api/v1/audit/verify');
    expect(again.body.ok).toBe(true);
  });
});
