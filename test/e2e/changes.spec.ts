import http from 'node:http';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { defined, first, type Ok, type Problem, type Reply } from './typed-http.js';

interface Event {
  cursor: string;
  enterpriseId: string;
  cause: string;
  verdicts: Record<string, { before: string; after: string }>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

// The change feed (issue 20): every change that moves a check answer writes one event in its transaction.
describe('change feed (GET /api/v1/changes, /stream)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
  });
  afterAll(() => t.close());

  /** The staff feed's newest cursor: a test reads only what it causes after it. */
  async function head(): Promise<string> {
    let since = '0';
    for (;;) {
      const res: Reply<Ok<'/api/v1/changes'>> = await (await t.as('officer')).get(`/api/v1/changes?since=${since}&limit=1000`);
      expect(res.status).toBe(200);
      if (!res.body.hasMore) return res.body.next;
      since = res.body.next;
    }
  }

  async function eventsOf(e: { id: string }, since: string, as: 'staff' | 'partner' = 'staff'): Promise<Event[]> {
    const agent = as === 'staff' ? await t.as('officer') : t.partner();
    const res: Reply<Ok<'/api/v1/changes'>> = await agent.get(`/api/v1/changes?since=${since}&limit=1000`);
    expect(res.status).toBe(200);
    return res.body.events.filter((x: Event) => x.enterpriseId === e.id);
  }

  async function etag(code: string): Promise<string> {
    return defined((await (await t.as('registrar')).get(`/api/v1/enterprises/${code}`)).headers.etag, `the ETag of ${code}`);
  }

  it('tells a registration as not_registered → its verdicts', async () => {
    const since = await head();
    const e = await registerEnterprise(t);
    const [event, ...more] = await eventsOf(e, since);
    expect(more).toEqual([]);
    if (!event) throw new Error('no event for the registration');
    expect(event).toMatchObject({ cause: 'enterprise', before: null, after: { name: e.name, status: 'active', listed: false } });
    expect(event.verdicts.government_procurement).toEqual({ before: 'not_registered', after: expect.stringMatching(/^(clear|priority|restricted)$/) });
    expect(Object.keys(event.verdicts)).toHaveLength(9);
  });

  it('tells a listing decision once, with the grade it caused and restricted for every purpose', async () => {
    const e = await registerEnterprise(t);
    const listing = await readyToDecide(t, e.uscc); // the proposal gives the new record its first grade (A): an event of its own
    const since = await head();
    const decided = await (await t.as('reviewer')).post(`/api/v1/listings/${listing}/decide`).send({ decisionNumber: `测列〔2025〕${listing.slice(0, 6)}号` });
    expect(decided.status).toBeLessThan(300);
    const events = await eventsOf(e, since);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cause: 'listing', after: { listed: true, grade: 'D' }, before: { listed: false, grade: 'A' } });
    expect(events[0]?.verdicts.government_procurement).toMatchObject({ after: 'restricted' });
    // the check answers what the event said
    const check: Reply<Ok<'/api/v1/checks/{code}'>> = await (await t.as('officer')).get(`/api/v1/checks/${e.uscc}?purpose=government_procurement`);
    expect(check.body.verdict).toBe(events[0]?.verdicts.government_procurement?.after);
  });

  it('writes nothing for a change no check answer shows (an address correction), and tells a rename', async () => {
    const e: TestEnterprise = await registerEnterprise(t);
    const since = await head();
    const registrar = await t.as('registrar');
    const corrected = await registrar
      .patch(`/api/v1/enterprises/${e.uscc}`)
      .set('If-Match', await etag(e.uscc))
      .send({ address: '厦门市思明区测试路 1 号', reason: '更正登记地址' });
    expect(corrected.status).toBe(200);
    expect(await eventsOf(e, since)).toEqual([]);

    const renamed = await registrar
      .post(`/api/v1/enterprises/${e.uscc}/rename`)
      .set('If-Match', await etag(e.uscc))
      .send({ name: `${e.name}（更名）`, reason: '企业名称变更' });
    expect(renamed.status).toBe(200);
    const [event, ...more] = await eventsOf(e, since);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ cause: 'enterprise', verdicts: {}, before: { name: e.name }, after: { name: `${e.name}（更名）` } });
  });

  it('pages in cursor order, resumably: the same since answers the same events', async () => {
    const since = await head();
    for (let i = 0; i < 3; i++) await registerEnterprise(t);
    const officer = await t.as('officer');
    const first: Reply<Ok<'/api/v1/changes'>> = await officer.get(`/api/v1/changes?since=${since}&limit=2`);
    expect(first.body.events).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const again: Reply<Ok<'/api/v1/changes'>> = await officer.get(`/api/v1/changes?since=${since}&limit=2`);
    expect(again.body).toEqual(first.body);
    const second: Reply<Ok<'/api/v1/changes'>> = await officer.get(`/api/v1/changes?since=${first.body.next}&limit=2`);
    const cursors = [...first.body.events, ...second.body.events].map((x: Event) => BigInt(x.cursor));
    expect(cursors.length).toBeGreaterThanOrEqual(3);
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
  });

  it('shows a partner only its agency’s purposes', async () => {
    const since = await head();
    const e = await registerEnterprise(t);
    const event = first(await eventsOf(e, since, 'partner'), 'the registration event');
    expect(Object.keys(event.verdicts).sort()).toEqual(['government_procurement', 'honours', 'public_bidding', 'subsidies']);
  });

  it('refuses a bad cursor or limit with problem+json naming the field', async () => {
    const officer = await t.as('officer');
    for (const q of ['since=abc', 'since=-1', 'limit=0', 'limit=1001', 'since=1234567890123456789']) {
      const res: Reply<Problem> = await officer.get(`/api/v1/changes?${q}`);
      expect([q, res.status, res.headers['content-type']]).toEqual([q, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors?.[0]?.field).toBe(q.split('=')[0]);
    }
    expect((await t.http().get('/api/v1/changes')).status).toBe(401);
  });

  it('streams events as Server-Sent Events after Last-Event-ID', async () => {
    const since = await head();
    const e = await registerEnterprise(t);
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as { port: number };
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        { port: address.port, path: '/api/v1/changes/stream', headers: { 'X-API-Key': t.demoApiKey, 'Last-Event-ID': since, Accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          expect(res.headers['content-type']).toContain('text/event-stream');
          let buf = '';
          res.on('data', (chunk: Buffer) => {
            buf += chunk.toString();
            if (buf.includes(e.id)) {
              req.destroy();
              resolve(buf);
            }
          });
        },
      );
      req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
      setTimeout(() => reject(new Error('no event within 5 s')), 5_000).unref();
    });
    const block = text.split('\n\n').find((b) => b.includes(e.id))!;
    expect(block).toMatch(/^id: \d+$/m);
    expect(block).toMatch(/^event: change$/m);
    expect(BigInt(defined(/^id: (\d+)$/m.exec(block)?.[1], 'the id line'))).toBeGreaterThan(BigInt(since));
    const bad: Reply<Problem> = await t.partner().get('/api/v1/changes/stream').set('Last-Event-ID', 'x1');
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'Last-Event-ID']);
  });
});
