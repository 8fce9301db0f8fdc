import { randomUscc } from '#qcr/identifiers';
import { addDays, todayInChina } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { giveGrade, listEnterprise, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

/** Issue 17: the public search filters by region, industry and grade; the public blacklist by region, list type and date. */
describe('public search filters and the public blacklist', () => {
  let t: TestApp;
  const fragment = `筛选${Math.random().toString(36).slice(2, 6)}`;
  let aa1: TestEnterprise, aa2: TestEnterprise, c: TestEnterprise, listed: TestEnterprise, ungraded: TestEnterprise, beijing: TestEnterprise;
  const search = async (query: Record<string, string | number>): Promise<Reply<Ok<'/api/v1/public/enterprises'>>> =>
    t.http().get('/api/v1/public/enterprises').query(query);
  beforeAll(async () => {
    t = await createTestApp();
    const db = t.app.get(DataSource);
    const register = (n: string) => registerEnterprise(t, `${fragment}${n}有限公司`);
    [aa1, aa2, c, listed, ungraded] = await Promise.all([register('甲'), register('乙'), register('丙'), register('丁'), register('戊')]);
    const code = randomUscc(Math.random, { division: '110105' });
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises')
      .send({ code, name: `${fragment}京有限公司`, legalRepresentative: { name: '测试人' }, industryCode: 'F' });
    expect(res.status).toBe(201);
    beijing = { id: res.body.id, uscc: code, orgCode: code.slice(8, 17), name: `${fragment}京有限公司` };
    for (const [e, g] of [
      [aa1, 'AA'],
      [aa2, 'AA'],
      [c, 'C'],
      [listed, 'A'],
      [beijing, 'AA'],
    ] as const)
      await giveGrade(db, e, g, '2020-01-01');
    await listEnterprise(db, listed, addDays(todayInChina(), -30), addDays(todayInChina(), 1000));
  });
  afterAll(() => t.close());

  it('filters by grade as published: AA, D for a listed enterprise, none for ungraded; paged by cursor', async () => {
    const aa = await search({ q: fragment, grade: 'AA' });
    expect(aa.status).toBe(200);
    expect(aa.body.items.map((e) => e.name).sort()).toEqual([aa1.name, aa2.name, beijing.name].sort());
    expect(aa.body.totalKnown).toBe(false);
    const d = await search({ q: fragment, grade: 'D' });
    expect(d.body.items).toEqual([expect.objectContaining({ name: listed.name, listed: true })]);
    expect((await search({ q: fragment, grade: 'none' })).body.items.map((e) => e.name)).toEqual([ungraded.name]);
    expect((await search({ q: fragment, grade: 'A' })).body.items).toEqual([]); // the listed A shows as D

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await search({ q: fragment, grade: 'AA', limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.name));
      cursor = page.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen.sort()).toEqual([aa1.name, aa2.name, beijing.name].sort());
  });

  it('filters by region (province or prefecture) and industry, with or without a name', async () => {
    const bj = await search({ q: fragment, region: '110000' });
    expect(bj.body.items.map((e) => e.name)).toEqual([beijing.name]);
    expect(bj.body.total).toBe(1);
    const xm = await search({ q: fragment, region: '350200' });
    expect(xm.body.total).toBe(5);
    expect(xm.body.items.find((e) => e.name === listed.name)?.listed).toBe(true);
    expect((await search({ q: fragment, industry: 'F' })).body.items.map((e) => e.name)).toEqual([beijing.name]);
    const noName = await search({ region: '110105', industry: 'F', grade: 'AA', limit: 50 });
    expect(noName.status).toBe(200);
    expect(noName.body.items.map((e) => e.name)).toContain(beijing.name);
  });

  it('answers bad filters and a foreign cursor with problems naming the field', async () => {
    for (const [query, field] of [
      [{ q: fragment, grade: 'Z' }, 'grade'],
      [{ region: '35' }, 'region'],
      [{ industry: 'Z9' }, 'industry'],
    ] as const) {
      const res = await search(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(body<Problem>(res).errors)).toContain(field);
    }
    const plain = await search({ q: fragment, limit: 1 });
    const mixed = await search({ q: fragment, grade: 'AA', cursor: defined(plain.body.nextCursor, 'a next page') });
    expect(mixed.status).toBe(400);
  });

  it('the public blacklist filters by region, list type and listing date, without personal data', async () => {
    const list = async (query: Record<string, string>): Promise<Reply<Ok<'/api/v1/public/listings'>>> =>
      t
        .http()
        .get('/api/v1/public/listings')
        .query({ limit: '100', ...query });
    const names = async (query: Record<string, string>) => (await list(query)).body.items.map((l) => l.enterprise.name);
    expect(await names({ region: '350200' })).toContain(listed.name);
    expect(await names({ region: '350000' })).toContain(listed.name);
    expect(await names({ region: '110000' })).not.toContain(listed.name);
    expect(await names({ listType: 'quality_serious_dishonesty', from: addDays(todayInChina(), -31), to: addDays(todayInChina(), -29) })).toContain(
      listed.name,
    );
    expect(await names({ from: addDays(todayInChina(), -29) })).not.toContain(listed.name);
    expect(await names({ listType: 'product_quality_safety' })).not.toContain(listed.name);
    const res = await list({ region: '350200' });
    expect(JSON.stringify(res.body)).not.toMatch(/测试人|legalRep|idNumber/);
    const backwards = await list({ from: '2026-02-01', to: '2026-01-01' });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(body<Problem>(backwards).errors)).toContain('from');
    expect((await list({ region: 'abc' })).status).toBe(400);
  });
});
