import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/**
 * Issue 16: a model version is loaded without effect (`activate: false`), compared, then activated — audited, with
 * who loaded and who activated it by name. The test version scores exactly as the seed v1 (only version and name
 * differ) and v1 is activated again at the end: the database is shared with other suites.
 */
describe('grading model: load, then activate', () => {
  let t: TestApp;
  let activeBefore: string;
  beforeAll(async () => {
    t = await createTestApp();
    activeBefore = (
      body<Ok<'/api/v1/grading/models'>>(await (await t.as('admin')).get('/api/v1/grading/models')) as Array<{ version: string; active: boolean }>
    ).find((m) => m.active)!.version;
  });
  afterAll(async () => {
    // Put the model back, and say so loudly if that fails: every later suite grades with the active model.
    const admin = await t.as('admin');
    let status = 0;
    for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
      const res: Reply<Problem> = await admin.post(`/api/v1/grading/models/${activeBefore}/activate`).send({ reason: '测试结束，恢复原模型' });
      status = res.status === 409 && res.body.code === 'GRADING.MODEL_ALREADY_ACTIVE' ? 200 : res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 1_000));
    }
    const active = (body<Ok<'/api/v1/grading/models'>>(await admin.get('/api/v1/grading/models')) as Array<{ version: string; active: boolean }>).find(
      (m) => m.active,
    )?.version;
    await t.close();
    if (active !== activeBefore) throw new Error(`could not restore the active grading model ${activeBefore} (active: ${active}, last status ${status})`);
  });

  it('stores a version inactive, activates it by name and audit, refuses the active one again', async () => {
    const admin = await t.as('admin');
    const base = body<Ok<'/api/v1/grading/models/{version}'>>(await admin.get(`/api/v1/grading/models/${activeBefore}`));
    const version = `e2e-${Date.now().toString(36)}`;
    const loaded: Reply<Ok<'/api/v1/grading/models', 'post'>> = await admin
      .post('/api/v1/grading/models')
      .send({ model: { ...base, version, name: { zh: '测试模型', en: 'Test model' } }, reason: '先载入待审', activate: false });
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ version, active: false, loadedByName: 'admin', activatedAt: null });
    const list = async () =>
      body<Ok<'/api/v1/grading/models'>>(await admin.get('/api/v1/grading/models')) as Array<{
        version: string;
        active: boolean;
        loadedByName: string | null;
        activatedByName: string | null;
      }>;
    expect((await list()).find((m) => m.active)!.version).toBe(activeBefore);
    expect((await list()).every((m) => m.loadedByName && !/^[0-9a-f]{8}-/.test(m.loadedByName))).toBe(true);

    expect((await (await t.as('grader')).post(`/api/v1/grading/models/${version}/activate`).send({ reason: '无权' })).status).toBe(403);
    const activated: Reply<Ok<'/api/v1/grading/models/{version}/activate', 'post'>> = await admin
      .post(`/api/v1/grading/models/${version}/activate`)
      .send({ reason: '差异已核对' });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ version, active: true, activatedByName: 'admin' });
    expect((await list()).filter((m) => m.active).map((m) => m.version)).toEqual([version]);
    // new grades use it
    expect(body<Ok<'/api/v1/grading/models'>>(await (await t.as('grader')).get('/api/v1/grading/models')).find((m) => m.active)?.version).toBe(version);

    const again: Reply<Problem> = await admin.post(`/api/v1/grading/models/${version}/activate`).send({ reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('GRADING.MODEL_ALREADY_ACTIVE');
    expect(body<Problem>(await admin.post('/api/v1/grading/models/no-such-version/activate').send({ reason: '不存在' })).code).toBe('GRADING.MODEL_NOT_FOUND');
    expect((await admin.post(`/api/v1/grading/models/${version}/activate`).send({})).status).toBe(400);

    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?action=grading.model.activate&entityId=${version}&limit=5`);
    expect(audit.body.items[0]).toMatchObject({ reason: '差异已核对', before: { active: activeBefore }, after: { active: version } });
  });
});
