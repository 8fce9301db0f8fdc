import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

/** Issue 16: the grader's console lists the inspection plans (双随机) to review and publish them. */
describe('inspection plans: the list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists plans newest first with their status and size; graders only', async () => {
    const grader = await t.as('grader');
    const draw = async (title: string) => {
      const res: Reply<Ok<'/api/v1/inspection-plans', 'post'>> = await grader
        .post('/api/v1/inspection-plans')
        .send({ title, periodFrom: '2026-01-01', periodTo: '2026-03-31', inspectors: ['李明', '王芳'], seed: title });
      expect(res.status).toBe(201);
      return res.body as { id: string; items: unknown[] };
    };
    const first = await draw(`列表测试一 ${Date.now()}`);
    const second = await draw(`列表测试二 ${Date.now()}`);
    expect((await grader.post(`/api/v1/inspection-plans/${first.id}/publish`).send({})).status).toBeLessThan(300);
    const list: Reply<Ok<'/api/v1/inspection-plans'>> = await grader.get('/api/v1/inspection-plans');
    expect(list.status).toBe(200);
    const ids = list.body.map((p: { id: string }) => p.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(list.body.find((p: { id: string }) => p.id === first.id)).toMatchObject({
      status: 'published',
      itemCount: first.items.length,
      periodFrom: '2026-01-01',
    });
    expect(list.body.find((p: { id: string }) => p.id === second.id)).toMatchObject({ status: 'draft', publishedAt: null });
    expect((await (await t.as('registrar')).get('/api/v1/inspection-plans')).status).toBe(403);
  });
});
