import { changesMigrations } from '#qcr/changes';
import { createDataSource, queryRows, querySingle } from '#qcr/platform';
import { registryMigrations } from '#qcr/registry';
import type { DataSource } from 'typeorm';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise } from './checks.fixtures.js';
import type { Ok, Reply } from './typed-http.js';

// Migration 1765600000000 (issue 21) on a database that already has a feed: events written through the API, the
// migration taken back to the old shape (cursor taken at write) and applied again, as an upgrade would meet them.
describe('change feed migration: cursors assigned after commit', () => {
  const own = ownTestDatabase('changes_migration');
  const migration = changesMigrations.find((m) => m.name === 'SequencedEvents1765600000000')!;
  let t: TestApp | undefined;
  let db: DataSource | undefined;
  beforeAll(async () => {
    await own.drop();
    await own.create();
  });
  afterAll(async () => {
    await t?.close();
    await db?.destroy();
    await own.drop();
  });

  async function feed(app: TestApp): Promise<string[]> {
    const res: Reply<Ok<'/api/v1/changes'>> = await (await app.as('officer')).get('/api/v1/changes?since=0&limit=1000');
    expect(res.status).toBe(200);
    return res.body.events.map((e: { cursor: string; enterpriseId: string }) => `${e.cursor}:${e.enterpriseId}`);
  }

  it('keeps every existing cursor, numbers new events after them, and goes back down', async () => {
    t = await createTestApp({}, own.url);
    for (let i = 0; i < 3; i++) await registerEnterprise(t);
    const before = await feed(t);
    expect(before.length).toBeGreaterThanOrEqual(3);
    await t.close();
    t = undefined;

    db = await createDataSource(own.url, registryMigrations, 2).initialize();
    const runner = db.createQueryRunner();
    try {
      await new migration().down(runner);
      // the old shape: the cursor is the primary key and taken at insert
      const { pk } = await querySingle<{ pk: string }>(runner, `SELECT pg_get_constraintdef(oid) AS pk FROM pg_constraint WHERE conname = 'events_pkey'`);
      expect(pk).toBe('PRIMARY KEY (cursor)');
      const old = await queryRows<{ cursor: string }>(runner, `SELECT e.cursor::text AS cursor FROM changes.events e ORDER BY e.cursor`);
      expect(old.map((r) => r.cursor)).toEqual(before.map((x) => x.split(':')[0]));
      await new migration().up(runner);
      const rows = await queryRows<{ id: string; cursor: string; same: boolean }>(
        runner,
        `SELECT e.id::text AS id, e.cursor::text AS cursor, e.sequenced_at = e.recorded_at AS same FROM changes.events e ORDER BY e.id`,
      );
      expect(rows.map((r) => [r.id, r.cursor, r.same])).toEqual(old.map((r) => [r.cursor, r.cursor, true]));
      const { head } = await querySingle<{ head: string }>(runner, `SELECT last_cursor::text AS head FROM changes.sequence_head`);
      expect(head).toBe(old.at(-1)?.cursor);
    } finally {
      await runner.release();
    }

    t = await createTestApp({}, own.url);
    expect(await feed(t)).toEqual(before); // the same events at the same cursors
    const added = await registerEnterprise(t);
    const after = await feed(t);
    expect(after.slice(0, before.length)).toEqual(before);
    // feed() answers `cursor:id` per event, and both lists were checked non-empty above
    const [lastCursor = '', lastId] = after.at(-1)!.split(':');
    const [oldHead = ''] = before.at(-1)!.split(':');
    expect(lastId).toBe(added.id);
    expect(BigInt(lastCursor)).toBe(BigInt(oldHead) + 1n); // dense: the next cursor after the old head
  }, 120_000);
});
