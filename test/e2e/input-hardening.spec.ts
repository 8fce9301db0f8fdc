import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise } from './checks.fixtures.js';
import { freshUscc } from './enterprises.fixtures.js';
import { defined, type Ok, type Problem, type Reply } from './typed-http.js';

const PROBLEM_JSON = /^application\/problem\+json/;
const b64 = (v: string) => Buffer.from(v).toString('base64url');
const fields = (problem: Problem) => (problem.errors ?? []).map((e) => e.field);

/** Crafted input that used to reach PostgreSQL or the guard unvalidated (issue 13 §9, §10). */
describe('input hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('cursors', () => {
    it('the public search cursor is opaque (no enterprise id in it) and still pages', async () => {
      const tag = `游标${Math.random().toString(36).slice(2, 7)}`;
      const [a, b] = [await registerEnterprise(t, `${tag}甲有限公司`), await registerEnterprise(t, `${tag}乙有限公司`)];
      const page: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: tag, limit: 1 });
      const cursor = defined(page.body.nextCursor, 'a next cursor');
      const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
      for (const id of [a.id, b.id]) expect(decoded).not.toContain(id);
      expect((): unknown => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toThrow();
      const next: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: tag, limit: 1, cursor });
      expect(next.status).toBe(200);
      expect(next.body.items[0]?.uscc).not.toBe(page.body.items[0]?.uscc);
    });

    it.each([
      ['a key whose id is not a UUID', b64('[1,"not-a-uuid"]')],
      ['a key of the wrong length', b64('[1]')],
      ['an old-style readable cursor', b64('[900,"00000000-0000-4000-8000-000000000000"]')],
      ['a tampered sealed cursor', 'A'.repeat(60)],
    ])('public search with %s → 400 problem naming cursor', async (_what, cursor) => {
      const res: Reply<Problem> = await t.http().get('/api/v1/public/enterprises').query({ q: '公司', cursor });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fields(res.body)).toEqual(['cursor']);
    });
  });

  describe('dates', () => {
    it.each([
      [
        'GET /api/v1/enterprises/{code}?asOf=2026',
        'asOf',
        async (code: string) => (await t.as('registrar')).get(`/api/v1/enterprises/${code}`).query({ asOf: '2026' }),
      ],
      [
        'GET /api/v1/checks/{code}?asOf=2026',
        'asOf',
        async (code: string) => (await t.as('officer')).get(`/api/v1/checks/${code}`).query({ purpose: 'government_procurement', asOf: '2026' }),
      ],
      [
        'GET /api/v1/checks/{code}?asOf=2026-05 (partner)',
        'asOf',
        async (code: string) => t.partner().get(`/api/v1/checks/${code}`).query({ purpose: 'government_procurement', asOf: '2026-05' }),
      ],
      ['GET /api/v1/audit?from=2026', 'from', async () => (await t.as('auditor')).get('/api/v1/audit').query({ from: '2026' })],
      [
        'GET /api/v1/grading/…/grade?asOf=2026-02-30',
        'asOf',
        async (code: string) => (await t.as('grader')).get(`/api/v1/enterprises/${code}/grade`).query({ asOf: '2026-02-30' }),
      ],
    ])('%s → 400 naming %s', async (_what, field, send) => {
      const e = await registerEnterprise(t);
      const res: Reply<Problem> = await send(e.uscc);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fields(res.body)).toContain(field);
    });
  });

  describe('multipart', () => {
    it.each([
      [
        'headers that never end',
        'multipart/form-data; boundary=zzz',
        '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nX: ' + 'y'.repeat(100_000),
      ],
      [
        'a truncated file part',
        'multipart/form-data; boundary=zzz',
        '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode\r\n91350100M000100Y43',
      ],
      ['no boundary', 'multipart/form-data', '--x\r\n\r\n'],
    ])('a batch check upload with %s → 400 problem', async (_what, type, raw) => {
      const res: Reply<Problem> = await t.partner().post('/api/v1/checks/batch').set('Content-Type', type).send(raw);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('an enterprise import upload whose headers never end → 400 problem', async () => {
      const res: Reply<Problem> = await (
        await t.as('registrar')
      )
        .post('/api/v1/enterprises/import')
        .set('Content-Type', 'multipart/form-data; boundary=zzz')
        .send('--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nX: ' + 'y'.repeat(100_000));
      expect(res.status).toBe(400);
    });
  });

  describe('check purposes', () => {
    it.each([
      ['GET', (code: string) => t.partner().get(`/api/v1/checks/${code}`).query({ purpose: 'free_lunch' })],
      [
        'POST batch',
        (code: string) =>
          t
            .partner()
            .post('/api/v1/checks/batch')
            .send({ purpose: 'free_lunch', codes: [code] }),
      ],
    ])('an unknown purpose is 400 CHECKS.UNKNOWN_PURPOSE for a partner (%s), as for staff', async (_what, send) => {
      const res: Reply<Problem> = await send(freshUscc());
      expect([res.status, res.body.code]).toEqual([400, 'CHECKS.UNKNOWN_PURPOSE']);
      const staff: Reply<Problem> = await (await t.as('officer')).get(`/api/v1/checks/${freshUscc()}`).query({ purpose: 'free_lunch' });
      expect([staff.status, staff.body.code]).toEqual([400, 'CHECKS.UNKNOWN_PURPOSE']);
    });

    it('a known purpose the agency lacks is still 403', async () => {
      const res: Reply<Problem> = await t.partner().get(`/api/v1/checks/${freshUscc()}`).query({ purpose: 'financing' });
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.PURPOSE_NOT_ALLOWED']);
    });
  });

  describe('names', () => {
    it.each([
      ['RLO U+202E', '厦门\u202E司公限有品食'],
      ['LRI U+2066', '厦门\u2066恒达食品有限公司'],
      ['LRM U+200E', '厦门恒达\u200E食品有限公司'],
      ['ZWSP U+200B', '厦门恒达\u200B食品有限公司'],
      ['ZWJ U+200D', '厦门恒达\u200D食品有限公司'],
      ['BOM U+FEFF', '\uFEFF厦门恒达食品有限公司'],
      ['WJ U+2060', '厦门恒达\u2060食品有限公司'],
    ])('an enterprise name with %s → 400 naming name', async (_what, name) => {
      const res: Reply<Problem> = await (
        await t.as('registrar')
      )
        .post('/api/v1/enterprises')
        .send({ code: freshUscc(), name, legalRepresentative: { name: '测试人' }, industryCode: 'C' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('name');
    });

    it('a legal representative, user display name and agency name are checked too', async () => {
      const registrar = await t.as('registrar');
      const rep: Reply<Problem> = await registrar
        .post('/api/v1/enterprises')
        .send({ code: freshUscc(), name: '正常名称有限公司', legalRepresentative: { name: '张\u200B三' }, industryCode: 'C' });
      expect(fields(rep.body)).toContain('legalRepresentative.name');
      const admin = await t.as('admin');
      const user: Reply<Problem> = await admin
        .post('/api/v1/admin/users')
        .send({ username: 'bidi.user', displayName: '张\u202E伟', password: 'long-enough-password', roles: ['auditor'] });
      expect([user.status, fields(user.body)]).toEqual([400, ['displayName']]);
      const agency: Reply<Problem> = await admin
        .post('/api/v1/admin/agencies')
        .send({ code: 'bidi-agency', name: '采购\u2067中心', department: '财政局', purposes: [] });
      expect([agency.status, fields(agency.body)]).toEqual([400, ['name']]);
    });
  });
});
