import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise } from './checks.fixtures.js';
import type { Ok, Reply } from './typed-http.js';

/** Issue 17: the public search says how many match in all, not how many fit on the page. */
describe('public search: total count and paging', () => {
  let t: TestApp;
  const fragment = `翻页${Math.random().toString(36).slice(2, 6)}`;
  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 23; i += 6)
      await Promise.all(Array.from({ length: Math.min(6, 23 - i) }, (_, j) => registerEnterprise(t, `${fragment}测试${i + j}有限公司`)));
  });
  afterAll(() => t.close());

  it('counts every match and pages by cursor', async () => {
    const first: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: fragment, limit: 20 });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
    expect(first.body.total).toBe(23);
    expect(first.body.totalCapped).toBe(false); // counted exactly below SEARCH_TOTAL_CAP
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second: Reply<Ok<'/api/v1/public/enterprises'>> = await t
      .http()
      .get('/api/v1/public/enterprises')
      .query({ q: fragment, limit: 20, cursor: first.body.nextCursor });
    expect(second.body.items).toHaveLength(3);
    expect(second.body.total).toBe(23);
    expect(second.body.nextCursor).toBeNull();
    const names = new Set([...first.body.items, ...second.body.items].map((e: { name: string }) => e.name));
    expect(names.size).toBe(23);
  });
});
