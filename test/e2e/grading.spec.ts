import { GradingService } from '#qcr/grading';
import { addDays, inTransaction, isPgError, PG, queryRows } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp, userWithRoles } from '../helpers/test-app.js';
import { addRecord, db, monthsAgo, newEnterprise, today } from './credit-grading-helpers.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

async function waitForRun(t: TestApp, id: string) {
  const grader = await t.as('grader');
  for (let i = 0; i < 200; i++) {
    const res: Reply<Ok<'/api/v1/grading/runs/{id}'>> = await grader.get(`/api/v1/grading/runs/${id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('run did not finish');
}

describe('grading (DOMAIN.md §6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a record write regrades the enterprise before it returns (read-after-write), with an explanation', async () => {
    const e = await newEnterprise(t);
    const recordId = await addRecord(t, e.code, 'penalty_heavier', monthsAgo(2));
    const res: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await (await t.as('auditor')).get(`/api/v1/enterprises/${e.code}/grade`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ grade: 'C', score: 60, validFrom: today(), modelVersion: 'v1', overridden: false, source: 'record-change' });
    expect(res.body.explanation.lines).toEqual([expect.objectContaining({ recordId, points: -20 })]);
    expect(res.body.explanation.caps).toEqual([expect.objectContaining({ id: 'heavier-penalty-12m', maxGrade: 'C' })]);
    expect(res.body.summary.en.join(' ')).toContain('at most C');
    expect(res.body.summary.zh.join('')).toContain('行政处罚（较重');
  });

  it('answers the grade as of dates before, on and after a change', async () => {
    const e = await newEnterprise(t);
    await inTransaction(db(t), (em) => t.app.get(GradingService).regradeEnterprise(em, e.id, '2024-01-01', 'manual'));
    await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const reader = await t.as('auditor');
    const on = async (d: string): Promise<Reply<Ok<'/api/v1/enterprises/{code}/grade'>>> => reader.get(`/api/v1/enterprises/${e.code}/grade?asOf=${d}`);
    expect((await on('2023-12-31')).status).toBe(404);
    expect(body<Problem>(await on('2023-12-31')).code).toBe('GRADING.NO_GRADE');
    expect((await on('2024-01-01')).body.grade).toBe('A');
    expect((await on(addDays(today(), -1))).body.grade).toBe('A');
    expect((await on(today())).body.grade).toBe('B');
    expect((await on(addDays(today(), 30))).body.grade).toBe('B');
    expect((await on('2024-13-01')).status).toBe(400);
    const history: Reply<Ok<'/api/v1/enterprises/{code}/grades'>> = await reader.get(`/api/v1/enterprises/${e.code}/grades`);
    expect(history.body.map((g: { grade: string; validTo: string | null }) => [g.grade, g.validTo])).toEqual([
      ['B', null],
      ['A', today()],
    ]);
    // contract reads
    const grading = t.app.get(GradingService);
    expect(await grading.gradeOn(e.id, '2024-06-01')).toMatchObject({ grade: 'A', validFrom: '2024-01-01' });
    const many = await grading.gradesOn([e.id], today());
    expect(many.get(e.id)?.grade).toBe('B');
  });

  it('a repaired record stops counting at once', async () => {
    const e = await newEnterprise(t);
    const id = await addRecord(t, e.code, 'sampling_failed', monthsAgo(7));
    const reader = await t.as('auditor');
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${e.code}/grade`)).grade).toBe('B');
    await (await t.as('reviewer')).post(`/api/v1/credit-records/${id}/repair`).send({ reason: '已整改' });
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${e.code}/grade`))).toMatchObject({ grade: 'A', score: 80 });
  });

  it('the exclusion constraint rejects overlapping grade periods', async () => {
    const e = await newEnterprise(t);
    const insert = (from: string, to: string | null) =>
      db(t).query(
        `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, valid_from, valid_to, source)
       VALUES ($1, 'A', 80, 'v1', '{}', $2, $3, 'manual')`,
        [e.id, from, to],
      );
    await insert('2024-01-01', '2024-06-01');
    await insert('2024-06-01', '2024-09-01'); // adjacent, fine
    let error: unknown;
    try {
      await insert('2024-08-01', '2024-12-01');
    } catch (err) {
      error = err;
    }
    expect(isPgError(error, PG.exclusionViolation, 'grades_no_overlap')).toBe(true);
  });

  it('overrides: a grader proposes, the same person may not approve (403), a different reviewer approves; shown as overridden', async () => {
    const e = await newEnterprise(t);
    await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    const { agent: admin } = await userWithRoles(t, ['grader', 'reviewer']); // proposes and would approve
    const own: Reply<Ok<'/api/v1/enterprises/{code}/grade-overrides', 'post'>> = await admin
      .post(`/api/v1/enterprises/${e.code}/grade-overrides`)
      .send({ grade: 'A', reason: '测试' });
    expect(own.status).toBe(201);
    const self: Reply<Problem> = await admin.post(`/api/v1/grade-overrides/${own.body.id}/review`).send({ decision: 'approve', reason: '自批' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('GRADING.FOUR_EYES');
    const reviewer = await t.as('reviewer');
    expect(
      body<Ok<'/api/v1/grade-overrides/{id}/review', 'post'>>(
        await reviewer.post(`/api/v1/grade-overrides/${own.body.id}/review`).send({ decision: 'reject', reason: '理由不足' }),
      ).status,
    ).toBe('rejected');

    const grader = await t.as('grader');
    const proposed: Reply<Ok<'/api/v1/enterprises/{code}/grade-overrides', 'post'>> = await grader
      .post(`/api/v1/enterprises/${e.code}/grade-overrides`)
      .send({ grade: 'A', reason: '抽查不合格系检验机构误判，复检合格' });
    expect(body<Problem>(await grader.post(`/api/v1/enterprises/${e.code}/grade-overrides`).send({ grade: 'AA', reason: 'x' })).code).toBe(
      'GRADING.OVERRIDE_PENDING',
    );
    const queue: Reply<Ok<'/api/v1/grade-overrides'>> = await reviewer.get('/api/v1/grade-overrides?status=proposed');
    expect(queue.body.find((o) => o.id === proposed.body.id)?.enterprise).toEqual({
      name: `信用评价测试企业${e.code.slice(-6)}有限公司`,
      uscc: e.code,
      orgCode: e.code.slice(8, 17),
    });
    expect((await grader.post(`/api/v1/grade-overrides/${proposed.body.id}/review`).send({ decision: 'approve', reason: 'x' })).status).toBe(403);
    const approved: Reply<Ok<'/api/v1/grade-overrides/{id}/review', 'post'>> = await reviewer
      .post(`/api/v1/grade-overrides/${proposed.body.id}/review`)
      .send({ decision: 'approve', reason: '复检报告属实' });
    expect(approved.body).toMatchObject({ status: 'approved', validFrom: today() });
    const grade: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await grader.get(`/api/v1/enterprises/${e.code}/grade`);
    expect(grade.body).toMatchObject({ grade: 'A', overridden: true });
    expect(grade.body.explanation.override).toMatchObject({ grade: 'A', computedGrade: 'B' });
    // a new record keeps the override in force
    await addRecord(t, e.code, 'sampling_passed', monthsAgo(1));
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await grader.get(`/api/v1/enterprises/${e.code}/grade`))).toMatchObject({
      grade: 'A',
      overridden: true,
    });
  });

  it('a full regrade run: progress visible, only changed enterprises get rows, a second run changes nothing', async () => {
    const e = await newEnterprise(t);
    await addRecord(t, e.code, 'sampling_failed', monthsAgo(1));
    // simulate a stale stored grade: the run must correct it
    await db(t).query(`UPDATE grading.grades SET grade = 'A' WHERE enterprise_id = $1 AND valid_to IS NULL`, [e.id]);
    const grader = await t.as('grader');
    const started: Reply<Ok<'/api/v1/grading/runs', 'post'>> = await grader.post('/api/v1/grading/runs').send({ chunkSize: 100 });
    expect(started.status).toBe(202);
    const first = await waitForRun(t, started.body.id);
    expect(first).toMatchObject({ status: 'completed', modelVersion: 'v1' });
    expect(first.processed).toBeGreaterThan(0);
    expect(first.changed).toBeGreaterThanOrEqual(1);
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await grader.get(`/api/v1/enterprises/${e.code}/grade`))).toMatchObject({ grade: 'B', source: 'run' });
    const second = await waitForRun(t, body<Ok<'/api/v1/grading/runs', 'post'>>(await grader.post('/api/v1/grading/runs').send({ chunkSize: 100 })).id);
    expect(second).toMatchObject({ status: 'completed', changed: 0, processed: first.processed });
    expect((await (await t.as('registrar')).post('/api/v1/grading/runs').send({})).status).toBe(403);
  });

  it('inspection plans: reproducible from the seed, drawn at the grade rates, public once published', async () => {
    const grader = await t.as('grader');
    const plan = {
      title: '2025年第三季度双随机抽查',
      periodFrom: '2025-07-01',
      periodTo: '2025-09-30',
      inspectors: ['李明', '王芳', '张伟', '刘洋'],
      seed: 'test-seed-42',
    };
    const a: Reply<Ok<'/api/v1/inspection-plans', 'post'>> = await grader.post('/api/v1/inspection-plans').send(plan);
    expect(a.status).toBe(201);
    const b: Reply<Ok<'/api/v1/inspection-plans', 'post'>> = await grader.post('/api/v1/inspection-plans').send(plan);
    expect(b.body.items).toEqual(a.body.items);
    expect(a.body.seed).toBe('test-seed-42');
    const rates: Record<string, number> = a.body.rates;
    for (const [grade, n] of Object.entries(a.body.population as Record<string, number>)) {
      const drawn = a.body.items.filter((i) => i.grade === grade).length;
      expect(drawn).toBe(Math.round(defined(rates[grade], `the rate for ${grade}`) * n));
    }
    expect((await t.http().get(`/api/v1/public/inspection-plans/${a.body.id}`)).status).toBe(404);
    expect(body<Ok<'/api/v1/inspection-plans/{id}/publish', 'post'>>(await grader.post(`/api/v1/inspection-plans/${a.body.id}/publish`)).status).toBe(
      'published',
    );
    const pub: Reply<Ok<'/api/v1/public/inspection-plans/{id}'>> = await t.http().get(`/api/v1/public/inspection-plans/${a.body.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.items).toEqual(
      a.body.items.map((i: { orgCode: string; name: string; grade: string; inspectors: string[] }) => ({
        orgCode: i.orgCode,
        name: i.name,
        grade: i.grade,
        inspectorCount: i.inspectors.length,
      })),
    );
    // 一公开 without internal ids or inspector names (issue 13 §10)
    const publicText = JSON.stringify(pub.body);
    expect(publicText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    for (const inspector of plan.inspectors) expect(publicText).not.toContain(inspector);
    const bad: Reply<Problem> = await grader.post('/api/v1/inspection-plans').send({ ...plan, periodTo: '2025-01-01' });
    expect(bad.body.code).toBe('GRADING.INVALID_PLAN');
  });

  it('demo seed: the demo register shows every grade AAA–D', async () => {
    // The demo scenarios' enterprises (DEMO- records); AA and AAA come from their imported history (test/e2e/demo-history.spec.ts)
    const rows = await queryRows<{ grade: string }>(
      db(t),
      `SELECT DISTINCT grade FROM grading.grades WHERE valid_to IS NULL
      AND enterprise_id IN (SELECT enterprise_id FROM credit.records WHERE document_number LIKE 'DEMO-%')`,
    );
    expect(rows.map((r) => r.grade)).toEqual(expect.arrayContaining(['AAA', 'AA', 'A', 'B', 'C', 'D']));
  });
});
