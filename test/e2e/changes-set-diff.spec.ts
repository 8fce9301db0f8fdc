import { expect } from '@jest/globals';
import { CHECK_PURPOSES } from '#qcr/joint-measures';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise } from './checks.fixtures.js';
import { freshUscc, uniqueHan } from './enterprises.fixtures.js';
import { body, type Ok, type Reply } from './typed-http.js';

const HEADER = '统一社会信用代码,组织机构代码,企业名称,法定代表人,法定代表人证件号码,联系电话,行政区划代码,行业门类,登记状态,住所,成立日期';

interface Event {
  enterpriseId: string;
  uscc: string | null;
  cause: string;
  verdicts: Record<string, { before: string; after: string }>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/**
 * An import's and a regrade run's answers are diffed set-wise in SQL (answers.sql.ts DIFF_AND_WRITE), a single write's
 * by answerChange in TypeScript. Both must tell the same thing. The oracle is the check itself: every purpose whose
 * check verdict moved across the change is in the event with the verdicts the check answered before and after, and
 * no other; the fields moved are exactly the ones the change moved.
 */
describe('change feed: a batch is told as single writes are', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function head(): Promise<string> {
    let since = '0';
    for (;;) {
      const page = body<Ok<'/api/v1/changes'>>(await (await t.as('officer')).get(`/api/v1/changes?since=${since}&limit=1000`));
      if (!page.hasMore) return page.next;
      since = page.next;
    }
  }

  /** Every event after `since`, page by page. */
  async function eventsSince(since: string): Promise<Event[]> {
    const events: Event[] = [];
    for (let next = since; ;) {
      const page = body<Ok<'/api/v1/changes'>>(await (await t.as('officer')).get(`/api/v1/changes?since=${next}&limit=1000`));
      events.push(...(page.events as Event[]));
      if (!page.hasMore) return events;
      next = page.next;
    }
  }

  /** What the check answers today for every purpose. */
  async function verdicts(uscc: string): Promise<Record<string, string>> {
    const officer = await t.as('officer');
    const out: Record<string, string> = {};
    for (const purpose of CHECK_PURPOSES) {
      const res: Reply<Ok<'/api/v1/checks/{code}'>> = await officer.get(`/api/v1/checks/${uscc}?purpose=${purpose}`);
      expect(res.status).toBe(200);
      out[purpose] = res.body.verdict ?? 'not_registered';
    }
    return out;
  }

  /** The event's verdict changes must be exactly the check's. */
  function expectVerdictsMoved(event: Event, before: Record<string, string>, after: Record<string, string>) {
    const moved = Object.fromEntries(CHECK_PURPOSES.filter((p) => before[p] !== after[p]).map((p) => [p, { before: before[p], after: after[p] }]));
    expect(event.verdicts).toEqual(moved);
  }

  async function importCsv(rows: string[]) {
    const res: Reply<Ok<'/api/v1/enterprises/import', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises/import')
      .attach('file', Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8'), 'batch.csv');
    expect(res.status).toBe(201);
    return res.body;
  }

  const row = (uscc: string, name: string, status = '存续') => `${uscc},,${name},张三,,,,C,${status},,2015-03-02`;

  it('tells imported registrations as a registration through the API is told', async () => {
    const beforeSingle = await head();
    const single = await registerEnterprise(t);
    const tag = uniqueHan();
    const codes = [freshUscc(), freshUscc(), freshUscc()];
    const since = await head();
    const summary = await importCsv(codes.map((c, i) => row(c, `厦门${tag}${i}号有限公司`)));
    expect(summary.inserted).toBe(3);
    const events = await eventsSince(since);
    for (const [i, uscc] of codes.entries()) {
      const mine = events.filter((e) => e.uscc === uscc);
      expect(mine).toHaveLength(1);
      const [event] = mine as [Event];
      expect(event).toMatchObject({ cause: 'enterprise', before: null, after: { name: `厦门${tag}${i}号有限公司`, status: 'active', listed: false } });
      expect(Object.keys(event.after).sort()).toEqual(['grade', 'listed', 'name', 'status']);
      expectVerdictsMoved(event, Object.fromEntries(CHECK_PURPOSES.map((p) => [p, 'not_registered'])), await verdicts(uscc));
    }
    // the single path's event has the same shape: same fields, same purposes
    const singleEvent = (await eventsSince(beforeSingle)).find((e) => e.enterpriseId === single.id && e.before === null);
    const batchEvent = events.find((e) => e.uscc === codes[0]);
    expect(Object.keys(singleEvent?.after ?? {}).sort()).toEqual(Object.keys(batchEvent?.after ?? {}).sort());
    expect(Object.keys(singleEvent?.verdicts ?? {}).sort()).toEqual(Object.keys(batchEvent?.verdicts ?? {}).sort());
  });

  it('tells a re-import that renames one, deregisters another and leaves a third as it was', async () => {
    const tag = uniqueHan();
    const [renamed, ended, same] = [freshUscc(), freshUscc(), freshUscc()];
    await importCsv([row(renamed, `福州${tag}甲有限公司`), row(ended, `福州${tag}乙有限公司`), row(same, `福州${tag}丙有限公司`)]);
    const before = { ended: await verdicts(ended), renamed: await verdicts(renamed) };
    const since = await head();
    const summary = await importCsv([row(renamed, `福州${tag}甲更名有限公司`), row(ended, `福州${tag}乙有限公司`, '注销'), row(same, `福州${tag}丙有限公司`)]);
    expect(summary).toMatchObject({ updated: 2, unchanged: 1 });
    const events = await eventsSince(since);
    expect(events.filter((e) => e.uscc === same)).toEqual([]);

    const [rename, ...moreRenames] = events.filter((e) => e.uscc === renamed);
    expect(moreRenames).toEqual([]);
    expect(rename).toMatchObject({ cause: 'enterprise', before: { name: `福州${tag}甲有限公司` }, after: { name: `福州${tag}甲更名有限公司` } });
    expect(Object.keys(rename?.before ?? {})).toEqual(['name']);
    expectVerdictsMoved(rename!, before.renamed, await verdicts(renamed));

    const [end, ...moreEnds] = events.filter((e) => e.uscc === ended);
    expect(moreEnds).toEqual([]);
    expect(end).toMatchObject({ cause: 'enterprise', before: { status: 'active' }, after: { status: 'deregistered' } });
    expect(Object.keys(end?.after ?? {})).toEqual(['status']);
    expectVerdictsMoved(end!, before.ended, await verdicts(ended));
  });
});
