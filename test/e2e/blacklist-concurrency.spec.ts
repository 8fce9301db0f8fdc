import { querySingle } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db, readyToDecide, registerEnterprise } from './blacklist-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

async function decideEntries(t: TestApp, ids: string[]): Promise<number> {
  const { n } = await querySingle<{ n: number }>(
    db(t),
    `SELECT count(*)::int AS n FROM audit.entries WHERE action = 'listing.decide' AND entity_id = ANY($1)`,
    [ids],
  );
  return n;
}

describe('blacklist invariants under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('20 simultaneous decisions on one proposal: exactly one succeeds, the rest 409, one audit entry', async () => {
    const ent = await registerEnterprise(t);
    const id = await readyToDecide(t, ent.code);
    const reviewer = await t.as('reviewer');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reviewer.post(`/api/v1/listings/${id}/decide`).send({ decisionNumber: `并发〔2025〕${i}号` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(results.filter((r) => r.status === 409).every((r) => body<Problem>(r).code === 'BLACKLIST.INVALID_STATE')).toBe(true);
    expect(await decideEntries(t, [id])).toBe(1);
    const history = body<Ok<'/api/v1/listings/{id}'>>(await reviewer.get(`/api/v1/listings/${id}`)).history.filter((h) => h.action === 'decide');
    expect(history).toHaveLength(1);
  });

  it('two proposals for the same enterprise decided at once: the exclusion constraint lets one through, the other gets 409 ALREADY_LISTED', async () => {
    const ent = await registerEnterprise(t);
    const first = await readyToDecide(t, ent.code);
    const second = await readyToDecide(t, ent.code);
    const reviewer = await t.as('reviewer');
    const decide = (id: string, i: number) => reviewer.post(`/api/v1/listings/${id}/decide`).send({ decisionNumber: `双重〔2025〕${i}号` });
    const [a, b] = await Promise.all([decide(first, 0), decide(second, 1)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ code: 'BLACKLIST.ALREADY_LISTED', status: 409 });
    expect(await decideEntries(t, [first, second])).toBe(1);
    const listed: Reply<Ok<'/api/v1/listings'>> = await reviewer.get(`/api/v1/listings?enterprise=${ent.code}&status=listed`);
    expect(listed.body.items).toHaveLength(1);
    // the loser is still waiting for a decision and can be dropped
    const loserId = loser === a ? first : second;
    expect(body<Ok<'/api/v1/listings/{id}'>>(await reviewer.get(`/api/v1/listings/${loserId}`)).status).toBe('notified');
  });
});
