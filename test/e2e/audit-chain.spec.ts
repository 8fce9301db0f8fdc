import { AuditChain, AuditSealer, chainHash, type EntryRow, keyedChainHash } from '#qcr/audit';
import { queryOne, querySingle } from '#qcr/platform';
import { expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

/** An audit.entries row as `SELECT *` returns it: the audit library's own type, so a new column cannot be missed here. */
type Row = EntryRow;

/**
 * Issue 13 §5: the tampering a database superuser could do unseen before — each must now fail `verify`. Each test
 * puts the rows back exactly as they were (later suites share this database and its chain).
 */
describe('audit log that proves itself: keyed chain over every column, anchored head', () => {
  let t: TestApp;
  let db: DataSource;
  let chain: AuditChain;

  /** A superuser bypasses the append-only trigger; this is the tampering verify must catch. */
  const tamper = (work: (em: EntityManager) => Promise<void>) =>
    db.transaction(async (em) => {
      await em.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update');
      await work(em);
      await em.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_no_update');
    });
  const rowsFrom = (seq: string): Promise<Row[]> => db.query('SELECT * FROM audit.entries WHERE seq >= $1 ORDER BY seq', [seq]);
  const restore = (rows: Row[]) =>
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

  /** Writes a few audited changes through the API, returns the seq of the first of them. */
  async function someEntries(n = 3): Promise<string> {
    const admin = await t.as('admin');
    let first: string | null = null;
    for (let i = 0; i < n; i++) {
      const res: Reply<Ok<'/api/v1/admin/agencies', 'post'>> = await admin
        .post('/api/v1/admin/agencies')
        .send({ code: `chain-${Date.now()}-${i}`, name: '审计链测试', department: '市场监管局', purposes: ['honours'] });
      expect(res.status).toBe(201);
      const row = await querySingle<{ seq: string }>(db, `SELECT seq FROM audit.entries WHERE entity_id = $1`, [res.body.id]);
      first ??= String(row.seq);
    }
    // Entries are chained after commit (issue 21): tampering is about sealed entries.
    await t.app.get(AuditSealer).sealAll();
    return first!;
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    chain = t.app.get(AuditChain);
  });
  afterAll(() => t.close());

  it('signs every entry with the audit key and verifies clean', async () => {
    await someEntries(1);
    const { unsigned } = await querySingle<{ unsigned: number }>(db, `SELECT count(*)::int AS unsigned FROM audit.entries WHERE key_id IS DISTINCT FROM 'a1'`);
    expect(unsigned).toBe(0);
    expect(await chain.verify()).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it.each([
    ['actor_name', `UPDATE audit.entries SET actor_name = 'someone else' WHERE seq = $1`],
    ['actor_roles', `UPDATE audit.entries SET actor_roles = '{auditor}' WHERE seq = $1`],
    ['at (when)', `UPDATE audit.entries SET at = at - interval '1 second' WHERE seq = $1`],
  ])('detects an edited %s', async (_what, sql) => {
    const seq = await someEntries(2);
    const saved = await rowsFrom(seq);
    await tamper((em) => em.query(sql, [seq]));
    try {
      expect(await chain.verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, reason: 'entry content does not match its hash' });
    } finally {
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });

  it.each([
    [
      'the public SHA-256 algorithm',
      (prev: string, r: Row) =>
        chainHash(prev, {
          at: r.at.toISOString(),
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          reason: r.reason,
          requestId: r.request_id,
        }),
    ],
    [
      'HMAC under a guessed key',
      (prev: string, r: Row) =>
        keyedChainHash(randomBytes(32), prev, {
          seq: String(r.seq),
          at: r.at.toISOString(),
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRoles: r.actor_roles,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          reason: r.reason,
          requestId: r.request_id,
          keyId: r.key_id!,
        }),
    ],
  ])('detects an edited entry with every later one re-hashed by %s', async (_how, rehash) => {
    const seq = await someEntries(3);
    const saved = await rowsFrom(seq);
    await tamper(async (em) => {
      const before = await queryOne<{ hash: string }>(em, 'SELECT hash FROM audit.entries WHERE seq < $1 ORDER BY seq DESC LIMIT 1', [seq]);
      if (!before) throw new Error(`no sealed entry before ${seq}: the suite's own entries follow the demo seed's`);
      let prev = before.hash;
      for (const r of saved) {
        const edited = { ...r, reason: String(r.seq) === seq ? 'rewritten history' : r.reason };
        const hash = rehash(prev, edited);
        await em.query('UPDATE audit.entries SET reason = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [r.seq, edited.reason, prev, hash]);
        prev = hash;
      }
    });
    try {
      expect(await chain.verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, reason: 'entry content does not match its hash' });
    } finally {
      await restore(saved);
    }
    expect((await chain.verify()).ok).toBe(true);
  });

  it('detects the newest entries deleted, against an anchor kept outside the database', async () => {
    const seq = await someEntries(3);
    const anchor = (await chain.anchor())!;
    const saved = await rowsFrom(seq);
    await tamper((em) => em.query('DELETE FROM audit.entries WHERE seq >= $1', [seq]));
    try {
      // Without the anchor a cut at the end looks like a shorter log (docs/audit.md § threat model).
      expect((await chain.verify()).ok).toBe(true);
      expect(await chain.verify(anchor)).toMatchObject({
        ok: false,
        firstBrokenSeq: anchor.seq,
        reason: expect.stringMatching(/newest entries were removed/),
      });
    } finally {
      await restore(saved);
    }
    expect(await chain.verify(anchor)).toMatchObject({ ok: true });
    // An anchor whose hash the log no longer holds at that sequence is refused too.
    expect(await chain.verify({ seq: anchor.seq, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, firstBrokenSeq: anchor.seq });
  });

  it('start-up refuses an audit key that does not match the newest entry', async () => {
    await expect(createTestApp({ QCR_AUDIT_KEY: `a1:${randomBytes(32).toString('base64')}` })).rejects.toThrow(/does not reproduce the newest audit entry/);
    await expect(createTestApp({ QCR_AUDIT_KEY: `zz:${randomBytes(32).toString('base64')}` })).rejects.toThrow(/holds no key "a1"/);
  });
});
