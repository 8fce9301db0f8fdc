import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Problem, Reply } from './typed-http.js';

describe('authorities as data: levels, regions, parents; users act for one (issue 24)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the demo seed has authorities at three levels, each with users', async () => {
    const res: Reply<Ok<'/api/v1/authorities'>> = await (await t.as('officer')).get('/api/v1/authorities').expect(200);
    const byCode = new Map(res.body.map((a) => [a.code, a]));
    expect(byCode.get('samr')).toMatchObject({ level: 'national', regionCode: '000000', parentCode: null });
    expect(byCode.get('fj')).toMatchObject({ level: 'provincial', regionCode: '350000', parentCode: 'samr' });
    expect(byCode.get('fj-xm')).toMatchObject({ level: 'prefecture', regionCode: '350200', parentCode: 'fj' });
    expect(byCode.get('fj-fz')).toMatchObject({ level: 'prefecture', regionCode: '350100', parentCode: 'fj' });
    expect(byCode.get('fj-xm-sm')).toMatchObject({ level: 'county', regionCode: '350203', parentCode: 'fj-xm' });
    for (const [user, code, prefix] of [
      ['fj.officer', 'fj', '35'],
      ['xm.officer', 'fj-xm', '3502'],
      ['sm.reviewer', 'fj-xm-sm', '350203'],
      ['officer', 'samr', ''],
    ] as const) {
      const me: Reply<Ok<'/api/v1/auth/me'>> = await (await t.asUser(user)).get('/api/v1/auth/me').expect(200);
      expect(me.body.authorities[0]).toMatchObject({ code, regionPrefix: prefix });
    }
  });

  it('an administrator manages authorities (audited) and the tree keeps its shape', async () => {
    const admin = await t.as('admin');
    const code = `t-${Date.now().toString(36)}`;
    const created: Reply<Ok<'/api/v1/admin/authorities', 'post'>> = await admin
      .post('/api/v1/admin/authorities')
      .send({ code, name: `湖里区市场监督管理局${code}`, level: 'county', regionCode: '350206', parent: 'fj-xm' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, level: 'county', parentCode: 'fj-xm' });
    const audit: Reply<Ok<'/api/v1/audit'>> = await (
      await t.as('auditor')
    )
      .get('/api/v1/audit')
      .query({ entityType: 'authority', entityId: created.body.id })
      .expect(200);
    expect(audit.body.items.map((e) => e.action)).toContain('authority.created');

    // a county under a province (not one level up), a county inside another prefecture, a region not fitting the level
    for (const [body, field] of [
      [{ code: `${code}-a`, name: `甲${code}`, level: 'county', regionCode: '350206', parent: 'fj' }, 'parent'],
      [{ code: `${code}-b`, name: `乙${code}`, level: 'county', regionCode: '350102', parent: 'fj-xm' }, 'parent'],
      [{ code: `${code}-c`, name: `丙${code}`, level: 'prefecture', regionCode: '350203', parent: 'fj' }, 'regionCode'],
    ] as const) {
      const res: Reply<Problem> = await admin.post('/api/v1/admin/authorities').send(body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ACCESS.AUTHORITY_SHAPE');
      expect(res.body.errors?.[0]?.field).toBe(field);
    }

    // a user of the new authority; an admin grants it a second one
    const user: Reply<Ok<'/api/v1/admin/users', 'post'>> = await admin
      .post('/api/v1/admin/users')
      .send({ username: `hl-${code}`, displayName: '湖里认定', password: 'pw-long-enough-123', roles: ['officer'], authority: code });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ authority: code, secondAuthority: null });
    const granted = await admin.patch(`/api/v1/admin/users/${user.body.id}`).send({ secondAuthority: 'fj-fz', reason: '借调福州' });
    expect(granted.body).toMatchObject({ authority: code, secondAuthority: 'fj-fz' });
    const same = await admin.patch(`/api/v1/admin/users/${user.body.id}`).send({ secondAuthority: code, reason: 'x' });
    expect(same.status).toBe(422);
    const unknown: Reply<Problem> = await admin
      .post('/api/v1/admin/users')
      .send({ username: `x-${code}`, displayName: 'x', password: 'pw-long-enough-123', roles: ['officer'], authority: 'no-such' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.[0]).toMatchObject({ field: 'authority', rule: 'exists' });
  });

  it('partner agencies carry their owning department and region', async () => {
    const admin = await t.as('admin');
    const code = `ag-${Date.now().toString(36)}`;
    const res = await admin
      .post('/api/v1/admin/agencies')
      .send({ code, name: '厦门市公共资源交易中心', department: '厦门市发展和改革委员会', regionCode: '350200', purposes: ['public_bidding'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ department: '厦门市发展和改革委员会', regionCode: '350200' });
  });
});
