import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttp, createFastifyAdapter, loadAppConfig, PlatformModule, problem, Public } from '#qcr/platform';
import request from 'supertest';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import type { Ok, Reply, Problem } from './typed-http.js';

const problemJson = /^application\/problem\+json/;

function expectProblem(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(problemJson);
  expect(res.body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status, code, traceId: expect.any(String) });
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
}

describe('problem+json errors from the real app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ QCR_BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => t.close());

  it('400 names each bad field and the rule it broke, unknown fields included', async () => {
    const admin = await t.as('admin');
    const res: Reply<Problem> = await admin
      .post('/api/v1/admin/agencies')
      .send({ code: 'Bad Code', name: 'x', department: 'y', purposes: ['spying'], extra: 1 });
    expectProblem(res, 400, 'REQUEST.VALIDATION_FAILED');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', rule: 'unknownField', message: 'property extra is not allowed' },
        expect.objectContaining({ field: 'code', rule: 'matches' }),
        expect.objectContaining({ field: 'purposes', rule: 'isIn' }),
      ]),
    );
  });

  it('400 for malformed JSON', async () => {
    const res: Reply<Ok<'/api/v1/auth/login', 'post'>> = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ');
    expectProblem(res, 400, 'REQUEST.MALFORMED_BODY');
  });

  it('401 and 403 are problems too', async () => {
    expectProblem(await t.http().get('/api/v1/admin/users'), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(await (await t.as('auditor')).get('/api/v1/admin/users'), 403, 'AUTH.FORBIDDEN');
  });

  it('404 for an unknown route and for an unknown resource', async () => {
    expectProblem(await t.http().get('/api/v1/no-such-thing'), 404, 'RESOURCE.NOT_FOUND');
    const admin = await t.as('admin');
    expectProblem(await admin.get('/api/v1/admin/agencies/00000000-0000-4000-8000-000000000000/keys'), 404, 'ACCESS.AGENCY_NOT_FOUND');
  });

  it('413 when the body is over the limit', async () => {
    const res: Reply<Ok<'/api/v1/auth/login', 'post'>> = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(10_000) });
    expectProblem(res, 413, 'REQUEST.TOO_LARGE');
  });

  it('415 for a content type the route does not take', async () => {
    const res: Reply<Ok<'/api/v1/auth/login', 'post'>> = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/x-unknown')
      .send('username=admin');
    expectProblem(res, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('409 on a duplicate, with zh and en titles', async () => {
    const admin = await t.as('admin');
    const body = { username: `dup.${Date.now()}`, displayName: 'Dup', password: 'long-enough-password', roles: ['auditor'] };
    expect((await admin.post('/api/v1/admin/users').send(body)).status).toBe(201);
    const zh: Reply<Problem> = await admin.post('/api/v1/admin/users').send(body);
    expectProblem(zh, 409, 'ACCESS.USERNAME_TAKEN');
    expect(zh.body.title).toBe('用户名已存在');
    const en: Reply<Problem> = await admin.post('/api/v1/admin/users').set('Accept-Language', 'en').send(body);
    expect(en.body.title).toBe('Username already exists');
  });

  it('generates the request id itself; a client-sent one comes back only as X-Correlation-Id', async () => {
    const res: Reply<Problem> = await t.http().get('/api/v1/admin/users').set('X-Request-Id', 'trace-abc-123');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(res.body.traceId).toBe(res.headers['x-request-id']);
    expect(res.headers['x-correlation-id']).toBe('trace-abc-123');
  });
});

@Controller('probe')
class ProbeController {
  @Get('unprocessable')
  @Public()
  unprocessable() {
    throw problem({ status: 422, code: 'PROBE.RULE', title: { zh: '业务规则不允许', en: 'Rule broken' } }, 'the rule says no');
  }

  @Get('crash')
  @Public()
  crash() {
    throw new Error('secret internal detail at /srv/app.js:10');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('problem+json for 422 and 500 (platform filter on a probe app)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const config = loadAppConfig({ LOG_LEVEL: 'silent' });
    @Module({ imports: [PlatformModule.forRoot(config), ProbeModule] })
    class ProbeApp {}
    app = await NestFactory.create<NestFastifyApplication>(ProbeApp, createFastifyAdapter(config), { logger: false });
    await configureHttp(app, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('422 carries the domain code and detail', async () => {
    const res: Reply<Problem> = await request(app.getHttpServer()).get('/probe/unprocessable');
    expectProblem(res, 422, 'PROBE.RULE');
    expect(res.body.detail).toBe('the rule says no');
  });

  it('500 reveals only the trace id', async () => {
    const res: Reply<Problem> = await request(app.getHttpServer()).get('/probe/crash').set('X-Request-Id', 'crash-1');
    expectProblem(res, 500, 'SERVER.INTERNAL');
    expect(res.text).not.toContain('secret internal detail');
    expect(res.body.detail).toContain(res.headers['x-request-id']);
    expect(res.body.detail).not.toContain('crash-1');
  });
});

describe('input no field may carry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a NUL in a body field', (a: request.Agent) => a.post('/api/v1/auth/login').send({ username: 'a\u0000b', password: 'x' }), 'username'],
    [
      'an unpaired surrogate in a JSON string',
      (a: request.Agent) => a.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":"\\ud800","password":"x"}'),
      'username',
    ],
    ['a NUL in a query value', (a: request.Agent) => a.get('/api/v1/audit?action=%00'), 'action'],
    [
      'JSON nested 5,000 deep',
      (a: request.Agent) =>
        a
          .post('/api/v1/admin/agencies')
          .set('Content-Type', 'application/json')
          .send('['.repeat(5000) + ']'.repeat(5000)),
      'body',
    ],
  ])('answers 400 problem+json for %s, never 500', async (_what, send, field) => {
    const res: Reply<Problem> = await send(await t.as('admin'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(problemJson);
    if (field) expect(res.body.errors?.[0]?.field).toBe(field);
  });

  it('answers 414 problem+json for a path segment over the limit', async () => {
    const res: Reply<Problem> = await (await t.as('admin')).get(`/api/v1/admin/agencies/${'x'.repeat(300)}/keys`);
    expectProblem(res, 414, 'REQUEST.URI_TOO_LONG');
  });
});
