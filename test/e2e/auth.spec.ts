import { createHmac } from 'node:crypto';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Problem, Reply } from './typed-http.js';

describe('staff authentication and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('issues a bearer token for the right password', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'auditor', password: process.env.QCR_TEST_DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600, tokenType: 'Bearer' });
  });

  it('rejects a wrong password with problem+json 401', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'auditor', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'AUTH.BAD_CREDENTIALS', traceId: expect.any(String) });
  });

  it('answers 401 without a token and with a forged one', async () => {
    const none: Reply<Problem> = await t.http().get('/api/v1/audit');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await t.http().get('/api/v1/audit').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
  });

  it('answers 401 for a real token re-signed with another secret or with none', async () => {
    const token = (
      (await t.http().post('/api/v1/auth/login').send({ username: 'auditor', password: process.env.QCR_TEST_DEMO_PASSWORD })).body as { accessToken: string }
    ).accessToken;
    expect((await t.http().get('/api/v1/audit').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const [header, claims] = token.split('.');
    const resigned = `${header}.${claims}.${createHmac('sha256', 'another-secret').update(`${header}.${claims}`).digest('base64url')}`;
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${claims}.`;
    for (const forged of [resigned, unsigned]) expect((await t.http().get('/api/v1/audit').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  });

  it('answers 403 when the role lacks the permission', async () => {
    const registrar = await t.as('registrar');
    const res = await registrar.get('/api/v1/audit');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'AUTH.FORBIDDEN', detail: 'requires permission audit.read' });
    const auditor = await t.as('auditor');
    expect((await auditor.get('/api/v1/audit')).status).toBe(200);
  });

  it('gives titles in English on Accept-Language: en', async () => {
    const res: Reply<Problem> = await t.http().get('/api/v1/audit').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.body.title).toBe('Authentication required');
    const zh: Reply<Problem> = await t.http().get('/api/v1/audit');
    expect(zh.body.title).toBe('未认证或凭证无效');
  });

  it('keeps passwords out of user listings', async () => {
    const admin = await t.as('admin');
    const res: Reply<Ok<'/api/v1/admin/users'>> = await admin.get('/api/v1/admin/users');
    expect(res.status).toBe(200);
    expect(res.body.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'auditor', 'grader', 'officer', 'registrar', 'reviewer']));
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
  });
});
