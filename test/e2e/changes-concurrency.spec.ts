import { getDataSourceToken } from '@nestjs/typeorm';
import { SEQUENCER_LOCK } from '#qcr/changes';
import { GradingService } from '#qcr/grading';
import { queryOne, todayInChina } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { body, defined, type Ok, type Reply } from './typed-http.js';

/** Each cursor after the one before it: nothing read twice, nothing out of order. */
function strictlyAscending(xs: readonly bigint[]): boolean {
  let previous: bigint | null = null;
  for (const x of xs) {
    if (previous !== null && x <= previous) return false;
    previous = x;
  }
  return true;
}

interface Event {
  cursor: string;
  enterpriseId: string;
  cause: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

/** Rejects when `work` takes longer than `ms`: a write that queues behind another transaction's lock. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} still waiting after ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

// Issue 21 on the outbox of issue 20: writers no longer queue behind one lock, and the feed's order still holds.
describe('change feed under concurrent writers', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
    await Promise.all([t.as('registrar'), t.as('officer')]); // log in once, before the writers start at once
  });
  afterAll(() => t.close());

  /** One page after `since` (the staff feed: every event). */
  async function page(since: string, limit = 1000): Promise<{ events: Event[]; next: string; hasMore: boolean }> {
    const res: Reply<Ok<'/api/v1/changes'>> = await (await t.as('officer')).get(`/api/v1/changes?since=${since}&limit=${limit}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Every event after `since`, paging to the end. */
  async function drain(since: string): Promise<{ events: Event[]; next: string }> {
    const events: Event[] = [];
    for (let cursor = since; ;) {
      const p = await page(cursor);
      events.push(...p.events);
      cursor = p.next;
      if (!p.hasMore) return { events, next: cursor };
    }
  }

  async function rename(e: TestEnterprise, name: string): Promise<void> {
    const registrar = await t.as('registrar');
    const etag = defined((await registrar.get(`/api/v1/enterprises/${e.uscc}`)).headers.etag, 'the ETag of the enterprise');
    const res: Reply<Ok<'/api/v1/enterprises/{code}/rename', 'post'>> = await registrar
      .post(`/api/v1/enterprises/${e.uscc}/rename`)
      .set('If-Match', etag)
      .send({ name, reason: '企业名称变更' });
    if (res.status !== 200) throw new Error(`rename ${e.uscc}: ${res.status} ${res.text}`);
  }

  /** A credit record: the regrade it causes gives a new record its first grade (an answer change of its own). */
  async function creditRecord(e: TestEnterprise, n: number): Promise<void> {
    const res: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await (
      await t.as('registrar')
    )
      .post(`/api/v1/enterprises/${e.uscc}/credit-records`)
      .send({
        categoryCode: 'sampling_failed',
        occurredOn: daysAgo(2),
        documentNumber: `并发〔${e.orgCode}〕${n}号`,
        issuingDepartment: '测试市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》',
        description: 'concurrent writers',
      });
    if (res.status !== 201) throw new Error(`credit record ${e.uscc}: ${res.status} ${res.text}`);
  }

  it('32 writers on different enterprises and a reader resuming from its last cursor: every event once, cursors strictly increasing', async () => {
    const { next: start } = await drain('0');
    const written: TestEnterprise[] = [];
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        for (let k = 0; k < 2; k++) {
          const e = await registerEnterprise(t);
          written.push(e);
          await rename(e, `${e.name.slice(0, -4)}并发${i}之${k}有限公司`);
        }
      }),
    ).finally(() => (writing = false));
    // the reader pages (small pages, so it resumes often) while the writers commit, then reads to the end
    const read: Event[] = [];
    let cursor = start;
    while (writing) {
      const p = await page(cursor, 7);
      read.push(...p.events);
      cursor = p.next;
    }
    await writers;
    read.push(...(await drain(cursor)).events);

    const cursors = read.map((e) => BigInt(e.cursor));
    expect(strictlyAscending(cursors)).toBe(true);
    expect(written).toHaveLength(64);
    for (const e of written) {
      const mine = read.filter((x) => x.enterpriseId === e.id);
      // exactly its registration and its rename, in that order: nothing skipped, nothing twice
      expect(mine.map((x) => x.cause)).toEqual(['enterprise', 'enterprise']);
      expect(mine[0]?.before).toBeNull();
      expect(mine[1]?.before).toEqual({ name: e.name });
    }
  }, 180_000);

  it('two writers on the same enterprise at once: the snapshot ends at the final answer, each change told once', async () => {
    const { next: since } = await drain('0');
    const targets = await Promise.all(Array.from({ length: 8 }, () => registerEnterprise(t)));
    // a rename and a credit record (→ its first grade) on each enterprise, both in flight at once
    await Promise.all(targets.flatMap((e, n) => [rename(e, `${e.name.slice(0, -4)}同时更名有限公司`), creditRecord(e, n)]));
    const { events } = await drain(since);
    const registrar = await t.as('registrar');
    for (const e of targets) {
      const truth = {
        name: body<Ok<'/api/v1/enterprises/{code}'>>(await registrar.get(`/api/v1/enterprises/${e.uscc}`)).name,
        grade: body<Ok<'/api/v1/enterprises/{code}/grade'>>(await registrar.get(`/api/v1/enterprises/${e.uscc}/grade`)).grade ?? null,
      };
      const snapshot = await queryOne<{ name: string; grade: string | null }>(db, `SELECT name, grade FROM changes.answers WHERE enterprise_id = $1`, [e.id]);
      expect(snapshot).toEqual(truth);
      // replaying the events gives the final answer, and each event's `before` is what the previous one left
      const mine = events.filter((x) => x.enterpriseId === e.id);
      expect(mine[0]?.before).toBeNull();
      const state: Record<string, unknown> = { ...defined(mine[0], 'the first event of the enterprise').after };
      for (const x of mine.slice(1)) {
        for (const [field, value] of Object.entries(x.before ?? {})) expect([field, state[field]]).toEqual([field, value]);
        Object.assign(state, x.after);
      }
      expect({ name: state.name, grade: state.grade }).toEqual(truth);
      expect(mine.filter((x) => 'name' in x.after && x.before !== null)).toHaveLength(1); // the rename, told once
      expect(mine.filter((x) => 'grade' in x.after && x.before !== null)).toHaveLength(1); // the first grade, told once
    }
  }, 120_000);

  // Issue 21: a decision takes the answers lock in its locked read, its diff reads facts carried by the regrade's inputs
  // read, and its grade write rides on the event insert. Credit records racing it on the same enterprise must still
  // leave the snapshot at the final answer, with events that replay to it.
  it('a listing decision and credit records on the same enterprise at once: the snapshot ends at D and listed, the events replay to it', async () => {
    const targets = await Promise.all(Array.from({ length: 4 }, () => registerEnterprise(t)));
    const listings: string[] = [];
    for (const e of targets) listings.push(await readyToDecide(t, e.uscc));
    const { next: since } = await drain('0');
    const reviewer = await t.as('reviewer');
    const [decided] = await Promise.all([
      Promise.all(targets.map((_e, n) => reviewer.post(`/api/v1/listings/${listings[n]}/decide`).send({ decisionNumber: `并发决定〔2025〕${n}号` }))),
      Promise.all(targets.flatMap((e, n) => [creditRecord(e, 100 + n), creditRecord(e, 200 + n)])),
    ]);
    expect(decided.map((r) => r.status)).toEqual(targets.map(() => 200));
    const { events } = await drain(since);
    const registrar = await t.as('registrar');
    for (const e of targets) {
      const grade = body<Ok<'/api/v1/enterprises/{code}/grade'>>(await registrar.get(`/api/v1/enterprises/${e.uscc}/grade`)).grade;
      expect(grade).toBe('D');
      const snapshot = await queryOne<{ grade: string | null; listed: boolean }>(db, `SELECT grade, listed FROM changes.answers WHERE enterprise_id = $1`, [
        e.id,
      ]);
      expect(snapshot).toEqual({ grade: 'D', listed: true });
      const mine = events.filter((x) => x.enterpriseId === e.id);
      const state: Record<string, unknown> = {};
      for (const x of mine) {
        for (const [field, value] of Object.entries(x.before ?? {})) if (field in state) expect([field, state[field]]).toEqual([field, value]);
        Object.assign(state, x.after);
      }
      expect({ grade: state.grade, listed: state.listed }).toEqual({ grade: 'D', listed: true });
      // the decision, told once, with the D it caused (its diff's grade is the regrade's, not the one read before it)
      expect(mine.filter((x) => x.after.listed === true).map((x) => x.after.grade)).toEqual(['D']);
    }
  }, 120_000);

  it('a verdict-changing write held open does not hold back a writer on another enterprise, nor the feed', async () => {
    const held = await registerEnterprise(t);
    const { next: since } = await drain('0');
    const qr = db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // a new record's first grade, by grading's own service in a transaction kept open (its event runs the outbox)
      await t.app.get(GradingService).regradeEnterprise(qr.manager, held.id, todayInChina(), 'record-change');
      // with one outbox lock for everybody, this registration waited until the transaction above ended
      const other = await within(10_000, 'a registration beside an open outbox write', registerEnterprise(t));
      const meanwhile = await drain(since);
      expect(meanwhile.events.map((x) => x.enterpriseId)).toContain(other.id); // told while the other write is still open
      expect(meanwhile.events.map((x) => x.enterpriseId)).not.toContain(held.id);
      await qr.commitTransaction();
      // a reader resuming from where it stopped still gets the held write: its cursor was not taken before its commit
      expect((await drain(meanwhile.next)).events.map((x) => x.enterpriseId)).toEqual(expect.arrayContaining([held.id]));
      const after = (await drain(since)).events;
      const cursorOf = (id: string) => BigInt(after.find((x) => x.enterpriseId === id)!.cursor);
      // written first, committed last: its cursor follows the commit order, after the other's
      expect(cursorOf(held.id) > cursorOf(other.id)).toBe(true);
      expect(after.filter((x) => x.enterpriseId === held.id)).toHaveLength(1);
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  }, 60_000);

  it('a sequencer pass that cannot get its lock (stuck elsewhere) leaves the feed answering 200 with what is numbered', async () => {
    const { next: since } = await drain('0');
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let e: TestEnterprise;
    try {
      await holder.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCER_LOCK]); // another instance's pass, stuck
      e = await registerEnterprise(t);
      const res: Reply<Ok<'/api/v1/changes'>> = await (await t.as('officer')).get(`/api/v1/changes?since=${since}`);
      expect(res.status).toBe(200); // the reader's catch-up timed out: answered from what is numbered, not a 500
      expect(res.body.events.map((x: Event) => x.enterpriseId)).not.toContain(e.id);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await drain(since)).events.map((x) => x.enterpriseId)).toContain(e.id); // numbered once the lock is free
  }, 90_000);

  // Last in the file: the second app registers its data sources under the same names as `t`'s in @nestjs/typeorm's
  // module-level registry (its start warns so); after it closed, a later request of `t` failed its session lookup
  // with "Driver not Connected" (401 in the stuck-lock test when that ran after this one).
  it('two API instances on one database: each writes, each sequences, a reader alternating between them sees every event once, in order', async () => {
    const second = await createTestApp(); // another API worker: its own sequencer, the same database
    try {
      await Promise.all([second.as('registrar'), second.as('officer')]);
      const { next: start } = await drain('0');
      const written: TestEnterprise[] = [];
      let writing = true;
      const writers = Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          for (let k = 0; k < 2; k++) written.push(await registerEnterprise(i % 2 === 0 ? t : second));
        }),
      ).finally(() => (writing = false));
      const read: Event[] = [];
      let cursor = start;
      for (let turn = 0; writing; turn++) {
        const res: Reply<Ok<'/api/v1/changes'>> = await (await (turn % 2 === 0 ? t : second).as('officer')).get(`/api/v1/changes?since=${cursor}&limit=5`);
        read.push(...res.body.events);
        cursor = res.body.next;
      }
      await writers;
      read.push(...(await drain(cursor)).events);
      const cursors = read.map((e) => BigInt(e.cursor));
      expect(strictlyAscending(cursors)).toBe(true);
      for (const e of written) expect(read.filter((x) => x.enterpriseId === e.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 180_000);
});
