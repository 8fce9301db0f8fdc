import { getDataSourceToken } from '@nestjs/typeorm';
import { ChangesRetention } from '#qcr/changes';
import { querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise } from './checks.fixtures.js';
import { body, type Ok, type Reply, type Problem } from './typed-http.js';

// Its own database: purging and catalogue edits move every enterprise's feed, which would disturb the shared one.
describe('change feed: retention (410) and catalogue changes', () => {
  const own = ownTestDatabase('changes');
  let t: TestApp;
  beforeAll(async () => {
    await own.drop();
    await own.create();
    t = await createTestApp({}, own.url);
    await partnerReady(t);
  });
  afterAll(async () => {
    await t?.close();
    await own.drop();
  });

  /** The feed's newest cursor, read through the feed (which numbers every event committed before the read). */
  async function feedHead(): Promise<string> {
    const officer = await t.as('officer');
    let since = '0';
    for (;;) {
      const page = body<Ok<'/api/v1/changes'>>(await officer.get(`/api/v1/changes?since=${since}&limit=1000`));
      if (!page.hasMore) return page.next;
      since = page.next;
    }
  }

  it('a catalogue change tells each enterprise whose verdict it moves, set-wise, and nothing to the others', async () => {
    const a = await registerEnterprise(t); // no grade: an AAA incentive cannot move it
    const db = t.app.get<DataSource>(getDataSourceToken());
    const head = await feedHead();
    const { aaa } = await querySingle<{ aaa: number }>(db, `SELECT count(*)::int AS aaa FROM changes.answers WHERE grade = 'AAA' AND NOT listed`);
    const admin = await t.as('admin');
    const measure = {
      department: '测试部门',
      purpose: 'state_land',
      trigger: 'grade_at_least',
      triggerGrade: 'AAA',
      kind: 'incentive',
      legalBasis: '测试依据',
      text: { zh: '测试', en: 'test' },
    };
    expect((await admin.post('/api/v1/measures').send({ code: 'SL-TEST-AAA', ...measure })).status).toBe(201);
    const added = body<Ok<'/api/v1/changes'>>(await admin.get(`/api/v1/changes?since=${head}&limit=1000`));
    expect(aaa).toBeGreaterThan(0); // the demo data grades some enterprises AAA
    expect(added.events).toHaveLength(aaa);
    for (const e of added.events)
      expect(e).toMatchObject({ cause: 'catalogue', verdicts: { state_land: { before: 'clear', after: 'priority' } }, before: {}, after: {} });
    expect(added.events.every((e: { verdicts: object }) => Object.keys(e.verdicts).join() === 'state_land')).toBe(true);
    expect(added.events.some((e: { enterpriseId: string }) => e.enterpriseId === a.id)).toBe(false);
    // retiring it moves the same enterprises back
    const retired = await admin.delete('/api/v1/measures/SL-TEST-AAA').send({ version: 1, reason: '测试撤回' });
    expect(retired.status).toBe(200);
    const back = body<Ok<'/api/v1/changes'>>(await admin.get(`/api/v1/changes?since=${added.next}&limit=1000`)).events;
    expect(back.map((e: { enterpriseId: string }) => e.enterpriseId).sort()).toEqual(added.events.map((e: { enterpriseId: string }) => e.enterpriseId).sort());
    expect(back[0]?.verdicts.state_land).toEqual({ before: 'priority', after: 'clear' });
  });

  it('a regrade run tells each enterprise whose grade it moves, one statement per chunk, with cause grade', async () => {
    const fresh = [await registerEnterprise(t), await registerEnterprise(t), await registerEnterprise(t)]; // no grade yet
    const db = t.app.get<DataSource>(getDataSourceToken());
    const head = await feedHead();
    const grader = await t.as('grader');
    const started: Reply<Ok<'/api/v1/grading/runs', 'post'>> = await grader.post('/api/v1/grading/runs').send({ chunkSize: 100 });
    expect(started.status).toBeLessThan(300);
    for (let i = 0; i < 200; i++) {
      const run: Reply<Ok<'/api/v1/grading/runs/{id}'>> = await grader.get(`/api/v1/grading/runs/${started.body.id}`);
      if (run.body.status === 'completed') break;
      expect(run.body.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 250));
    }
    const events = body<Ok<'/api/v1/changes'>>(await grader.get(`/api/v1/changes?since=${head}&limit=1000`)).events;
    for (const e of fresh) {
      const mine = events.filter((x: { enterpriseId: string }) => x.enterpriseId === e.id);
      expect(mine).toEqual([expect.objectContaining({ cause: 'grade', before: { grade: null }, after: { grade: expect.any(String) } })]);
    }
    // enterprises the run left as they were got no event
    const { moved } = await querySingle<{ moved: number }>(db, `SELECT count(*)::int AS moved FROM grading.grades WHERE run_id = $1`, [started.body.id]);
    expect(events.filter((x: { cause: string }) => x.cause === 'grade')).toHaveLength(moved);
  });

  it('answers 410 with the oldest cursor once events after `since` are purged', async () => {
    await registerEnterprise(t);
    const officer = await t.as('officer');
    const before = await officer.get('/api/v1/changes?since=0&limit=1');
    expect(before.status).toBe(200);
    const purged = await t.app.get(ChangesRetention).purge(new Date(Date.now() + 366 * 86_400_000));
    expect(purged).toBeGreaterThan(0);
    const gone: Reply<Problem & { oldestCursor: string }> = await officer.get('/api/v1/changes?since=0');
    expect([gone.status, gone.body.code, gone.headers['content-type']]).toEqual([
      410,
      'CHANGES.CURSOR_GONE',
      expect.stringContaining('application/problem+json'),
    ]);
    expect(gone.body.oldestCursor).toMatch(/^\d+$/);
    const resumed: Reply<Ok<'/api/v1/changes'>> = await officer.get(`/api/v1/changes?since=${gone.body.oldestCursor}`);
    expect([resumed.status, resumed.body.events]).toEqual([200, []]);
    expect((await t.partner().get('/api/v1/changes/stream').set('Last-Event-ID', '0')).status).toBe(410);
  });
});
