import { AuditChain, AuditLog, AuditSealer, type EntryRow } from '#qcr/audit';
import { queryRows, querySingle, systemActor } from '#qcr/platform';
import { expect } from '@jest/globals';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { creditRecord, monthsAgo, newEnterprise } from './credit-grading-helpers.js';
import { defined } from './typed-http.js';

/**
 * Issue 21: audited writes on different enterprises no longer queue behind one chain lock, and the log stays complete
 * and tamper-evident: entries are chained after commit by the sealer, which never seals past a transaction in flight.
 */
describe('audit log under 32 concurrent writers and a regrade', () => {
  let t: TestApp;
  let db: DataSource;
  let chain: AuditChain;
  let sealer: AuditSealer;
  let written: EntryRow[] = [];

  const tamper = (work: (em: EntityManager) => Promise<void>) =>
    db.transaction(async (em) => {
      await em.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update');
      await work(em);
      await em.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_no_update');
    });
  /** Puts the rows back exactly as they were: later suites share this database and its chain. */
  const restore = (rows: EntryRow[]) =>
    tamper(async (em) => {
      for (const r of rows) {
        await em.query('DELETE FROM audit.entries WHERE seq = $1', [r.seq]);
        await em.query(
          `INSERT INTO audit.entries (seq, at, actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, before, after,
             reason, request_id, key_id, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11::jsonb,$12,$13,$14,$15,$16)`,
          [
            r.seq,
            r.at,
            r.actor_kind,
            r.actor_id,
            r.actor_name,
            r.actor_roles,
            r.action,
            r.entity_type,
            r.entity_id,
            JSON.stringify(r.before),
            JSON.stringify(r.after),
            r.reason,
            r.request_id,
            r.key_id,
            r.prev_hash,
            r.hash,
          ],
        );
      }
    });
  /** A transaction that has written an audit entry and stays open (a long import, a slow request). */
  async function openWriter(): Promise<{ qr: QueryRunner; seq: string }> {
    const qr = db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await t.app.get(AuditLog).record(qr.manager, systemActor('audit-test'), { action: 'test.in-flight', entityType: 'test', entityId: 'held' });
    const { seq } = await querySingle<{ seq: string }>(qr, `SELECT max(seq)::text AS seq FROM audit.entries WHERE action = 'test.in-flight'`);
    return { qr, seq };
  }
  const sealedHead = async (): Promise<bigint> =>
    BigInt((await querySingle<{ head: string }>(db, 'SELECT coalesce(max(seq), 0)::text AS head FROM audit.entries WHERE hash IS NOT NULL')).head);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    chain = t.app.get(AuditChain);
    sealer = t.app.get(AuditSealer);
  });
  afterAll(() => t.close());

  it('32 writers on different enterprises and a regrade all commit while another audited transaction is open', async () => {
    const registrar = await t.as('registrar');
    const grader = await t.as('grader');
    const enterprises = [];
    for (let i = 0; i < 32; i++) enterprises.push(await newEnterprise(t));
    const held = await openWriter();
    // A writer that rolls back leaves a gap in the sequence the sealer must get past.
    const rolledBack = await openWriter();
    await rolledBack.qr.rollbackTransaction();
    await rolledBack.qr.release();
    let writes: Array<{ status: number }>;
    try {
      const started = Date.now();
      // Before issue 21 each of these waited for the global chain lock the open transaction holds: none would finish.
      const all = Promise.all([
        ...enterprises.map((e) => registrar.post(`/api/v1/enterprises/${e.code}/credit-records`).send(creditRecord('sampling_failed', monthsAgo(1)))),
        grader.post('/api/v1/grading/runs').send({ chunkSize: 500 }),
      ]);
      writes = await Promise.race([all, new Promise<never>((_, no) => setTimeout(() => no(new Error('writes queued behind the open transaction')), 20_000))]);
      expect(Date.now() - started).toBeLessThan(20_000);
      // While it is open, the sealer never chains past the entry it holds (it could still commit).
      await sealer.sealAll();
      expect(await sealedHead()).toBeLessThan(BigInt(held.seq));
      await held.qr.commitTransaction();
    } finally {
      if (held.qr.isTransactionActive) await held.qr.rollbackTransaction();
      await held.qr.release();
    }
    expect(writes.slice(0, 32).map((w) => w.status)).toEqual(Array(32).fill(201));
    expect([202, 409]).toContain(defined(writes[32], 'the 33rd write').status);

    const verified = await chain.verify();
    expect(verified).toMatchObject({ ok: true, firstBrokenSeq: null, pending: 0 });
    written = await queryRows<EntryRow>(db, 'SELECT * FROM audit.entries WHERE seq >= $1 ORDER BY seq LIMIT 100', [held.seq]);
    expect(written.length).toBeGreaterThanOrEqual(33); // the held entry and one per credit record (at least)
    expect(written.every((r) => r.hash !== null)).toBe(true);
  }, 120_000);

  it('catches an edited entry', async () => {
    const target = defined(written[5], 'entry 5 of the first test');
    const saved = await queryRows<EntryRow>(db, 'SELECT * FROM audit.entries WHERE seq = $1', [target.seq]);
    await tamper((em) => em.query(`UPDATE audit.entries SET reason = 'quietly changed' WHERE seq = $1`, [target.seq]));
    try {
      expect(await chain.verify()).toMatchObject({ ok: false, firstBrokenSeq: String(target.seq), reason: 'entry content does not match its hash' });
    } finally {
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });

  it('catches a deleted entry', async () => {
    const target = defined(written[10], 'entry 10 of the first test');
    const saved = await queryRows<EntryRow>(db, 'SELECT * FROM audit.entries WHERE seq = $1', [target.seq]);
    const next = await querySingle<{ seq: string }>(db, 'SELECT seq::text FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT 1', [target.seq]);
    await tamper((em) => em.query('DELETE FROM audit.entries WHERE seq = $1', [target.seq]));
    try {
      expect(await chain.verify()).toMatchObject({ ok: false, firstBrokenSeq: next.seq, reason: 'prev_hash does not match the previous entry' });
    } finally {
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });

  it('catches two entries reordered (sequence numbers swapped)', async () => {
    const [a, b] = [defined(written[15], 'entry 15 of the first test'), defined(written[16], 'entry 16 of the first test')];
    const saved = await queryRows<EntryRow>(db, 'SELECT * FROM audit.entries WHERE seq = ANY($1) ORDER BY seq', [[a.seq, b.seq]]);
    await tamper(async (em) => {
      await em.query('UPDATE audit.entries SET seq = -seq WHERE seq = $1', [a.seq]);
      await em.query('UPDATE audit.entries SET seq = $2 WHERE seq = $1', [b.seq, a.seq]);
      await em.query('UPDATE audit.entries SET seq = $2 WHERE seq = -$1::bigint', [a.seq, b.seq]);
    });
    try {
      expect(await chain.verify()).toMatchObject({ ok: false, firstBrokenSeq: String(a.seq) });
    } finally {
      await tamper((em) => em.query('DELETE FROM audit.entries WHERE seq = ANY($1)', [[a.seq, b.seq]]));
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });

  it('catches an entry committed behind the sealed head (never chained)', async () => {
    const target = defined(written[20], 'entry 20 of the first test');
    const saved = await queryRows<EntryRow>(db, 'SELECT * FROM audit.entries WHERE seq = $1', [target.seq]);
    await tamper((em) => em.query('UPDATE audit.entries SET key_id = NULL, prev_hash = NULL, hash = NULL WHERE seq = $1', [target.seq]));
    try {
      const result = await chain.verify();
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: String(target.seq), reason: expect.stringMatching(/never sealed/) });
    } finally {
      await tamper((em) => em.query('DELETE FROM audit.entries WHERE seq = $1', [target.seq]));
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });
});
