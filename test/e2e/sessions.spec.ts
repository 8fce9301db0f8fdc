import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Problem, Reply } from './typed-http.js';

const PASSWORD = 'correct-horse-battery-2';

async function newUser(t: TestApp, roles: string[]): Promise<{ id: string; username: string }> {
  const username = `sess.${randomBytes(4).toString('hex')}`;
  const res: Reply<Ok<'/api/v1/admin/users', 'post'>> = await (
    await t.as('admin')
  )
    .post('/api/v1/admin/users')
    .send({ username, displayName: username, password: PASSWORD, roles });
  expect(res.status).toBe(201);
  return { id: res.body.id, username };
}

async function tokenOf(t: TestApp, username: string): Promise<string> {
  const res: Reply<Ok<'/api/v1/auth/login', 'post'>> = await t.http().post('/api/v1/auth/login').send({ username, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

const me = async (t: TestApp, token: string): Promise<Reply<Ok<'/api/v1/auth/me'>>> => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

/** Polls until `check` holds or `ms` pass; returns the time it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`still not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

/** Tokens do not outlive their user (issue 13 §7): logout, deactivation, role cuts, across instances. */
describe('staff sessions', () => {
  describe('one instance', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it("logout revokes that token (204, then 401); the user's other token still works; everywhere voids it too", async () => {
      const user = await newUser(t, ['auditor']);
      const [first, second] = [await tokenOf(t, user.username), await tokenOf(t, user.username)];
      expect((await me(t, first)).status).toBe(200);
      const out = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${first}`).send({});
      expect(out.status).toBe(204);
      expect((await me(t, first)).status).toBe(401);
      expect((await me(t, second)).status).toBe(200);
      expect((await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${second}`).send({ everywhere: true })).status).toBe(204);
      expect((await me(t, second)).status).toBe(401);
      expect((await me(t, await tokenOf(t, user.username))).status).toBe(200); // a new login works
    });

    it("a deactivated user's old token is 401 (within 30 s; here at once) and they cannot log in", async () => {
      const user = await newUser(t, ['registrar']);
      const token = await tokenOf(t, user.username);
      expect((await t.http().get('/api/v1/enterprises').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      const admin = await t.as('admin');
      const res: Reply<Ok<'/api/v1/admin/users/{userId}', 'patch'>> = await admin
        .patch(`/api/v1/admin/users/${user.id}`)
        .send({ active: false, reason: 'left the department' });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      await within(30_000, async () => (await t.http().get('/api/v1/enterprises').set('Authorization', `Bearer ${token}`)).status === 401);
      expect((await t.http().post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD })).status).toBe(401);
      const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get('/api/v1/audit').query({ entityId: user.id });
      expect(JSON.stringify(audit.body)).toContain('user.updated');
    });

    it('cutting a role voids old tokens; adding one takes effect on the next request', async () => {
      const user = await newUser(t, ['auditor']);
      const token = await tokenOf(t, user.username);
      const admin = await t.as('admin');
      expect((await admin.patch(`/api/v1/admin/users/${user.id}`).send({ roles: ['auditor', 'registrar'], reason: 'covers for a colleague' })).status).toBe(
        200,
      );
      expect((await me(t, token)).body.roles).toEqual(['auditor', 'registrar']);
      expect((await admin.patch(`/api/v1/admin/users/${user.id}`).send({ roles: ['registrar'], reason: 'audit duty ended' })).status).toBe(200);
      expect((await me(t, token)).status).toBe(401);
      const fresh = await tokenOf(t, user.username);
      expect((await me(t, fresh)).body.roles).toEqual(['registrar']);
      expect((await t.http().get('/api/v1/audit').set('Authorization', `Bearer ${fresh}`)).status).toBe(403);
    });

    it('unknown user 404 problem; bad body 400 naming the field', async () => {
      const admin = await t.as('admin');
      const missing: Reply<Problem> = await admin.patch('/api/v1/admin/users/00000000-0000-4000-8000-000000000000').send({ active: false, reason: 'x' });
      expect([missing.status, missing.body.code]).toEqual([404, 'ACCESS.USER_NOT_FOUND']);
      const bad: Reply<Problem> = await admin.patch('/api/v1/admin/users/00000000-0000-4000-8000-000000000000').send({ roles: ['king'], reason: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field)).toContain('roles');
    });
  });

  describe('two instances on one database', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await createTestApp();
      // Passport strategies are process-global: b's (created last) verify tokens for both apps, so
      // b's session cache learns of a's changes only through LISTEN/NOTIFY. A 30 s cache: a 401
      // within 5 s cannot be the TTL.
      b = await createTestApp({ QCR_SESSION_CACHE_SECONDS: '30' });
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    it('a deactivation on one instance is seen by the other within seconds (NOTIFY), not after the cache TTL', async () => {
      const user = await newUser(a, ['auditor']);
      const token = await tokenOf(b, user.username);
      expect((await me(b, token)).status).toBe(200); // b has the user cached
      expect((await (await a.as('admin')).patch(`/api/v1/admin/users/${user.id}`).send({ active: false, reason: 'x' })).status).toBe(200);
      const took = await within(5_000, async () => (await me(b, token)).status === 401);
      expect(took).toBeLessThan(5_000);
    });
  });
});
