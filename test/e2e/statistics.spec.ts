import { DEMO_AGENCY_CODE } from '#qcr/access';
import { randomUscc } from '#qcr/identifiers';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/**
 * Statistics read every context through the views in schema `statistics`. All test files share
 * one database, so each test compares a report before and after adding its own data (deltas),
 * in an industry and in past periods other tests do not write to.
 */
const INDUSTRY = 'Q'; // 卫生和社会工作: the other suites register manufacturers (C)

type Row = Record<string, string | number | null>;

describe('statistics API (宏观质量统计分析)', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.close());

  async function register(): Promise<{ id: string; code: string }> {
    const code = randomUscc(Math.random, { division: '350200' });
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (await t.as('registrar')).post('/api/v1/enterprises').send({
      code,
      name: `统计测试医院${code.slice(-6)}有限公司`,
      legalRepresentative: { name: '统计测试' },
      industryCode: INDUSTRY,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, code };
  }

  async function report(path: string, role: 'reviewer' | 'auditor' = 'auditor') {
    const res = await (await t.as(role)).get(`/api/v1/statistics/${path}`);
    expect(res.status).toBe(200);
    return res.body as { columns: Array<{ key: string }>; rows: Row[]; totals: Row | null; params: Record<string, string> };
  }

  const rowOf = (rows: Row[], key: string, field = 'code'): Row => rows.find((r) => r[field] === key) ?? {};
  const delta = (after: Row, before: Row, key: string) => Number(after[key] ?? 0) - Number(before[key] ?? 0);

  it('grade distribution counts active enterprises by their grade on the date, by industry and by region', async () => {
    const asOf = '2020-06-30';
    const beforeIndustry = rowOf((await report(`grades?by=industry&asOf=${asOf}`)).rows, INDUSTRY);
    const beforeRegion = rowOf((await report(`grades?by=region&level=prefecture&asOf=${asOf}`)).rows, '350200');
    const [a, b, c] = [await register(), await register(), await register()];
    const grade = (id: string, g: string, from: string, to: string | null) =>
      db.query(
        `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, valid_from, valid_to, source)
         VALUES ($1, $2, 80, (SELECT version FROM grading.models WHERE active), '{"test":true}', $3, $4, 'manual')`,
        [id, g, from, to],
      );
    await grade(a.id, 'AA', '2020-01-01', '2021-01-01');
    await grade(b.id, 'C', '2020-01-01', '2020-07-01');
    await grade(c.id, 'A', '2020-07-01', '2021-01-01'); // not yet in force on asOf: ungraded then

    const after = await report(`grades?by=industry&asOf=${asOf}`);
    const row = rowOf(after.rows, INDUSTRY);
    expect(row.name).toBe('卫生和社会工作');
    expect([
      delta(row, beforeIndustry, 'total'),
      delta(row, beforeIndustry, 'AA'),
      delta(row, beforeIndustry, 'C'),
      delta(row, beforeIndustry, 'A'),
      delta(row, beforeIndustry, 'ungraded'),
    ]).toEqual([3, 1, 1, 0, 1]);
    expect(after.columns.map((col) => col.key)).toEqual(['code', 'name', 'nameEn', 'AAA', 'AA', 'A', 'B', 'C', 'D', 'ungraded', 'total', 'aaOrBetterRate']);
    expect(after.totals!.total).toBe(after.rows.reduce((s, r) => s + Number(r.total), 0));

    const region = rowOf((await report(`grades?by=region&level=prefecture&asOf=${asOf}`)).rows, '350200');
    expect(region.name).toBe('厦门市');
    expect(delta(region, beforeRegion, 'total')).toBe(3);
    expect(delta(region, beforeRegion, 'AA')).toBe(1);
  });

  it('listings: a listing decided through the workflow is in force, decided in the period, and counted once', async () => {
    const before = rowOf((await report(`listings?by=industry`)).rows, INDUSTRY);
    const e = await register();
    const officer = await t.as('officer');
    const proposed: Reply<Ok<'/api/v1/listings', 'post'>> = await officer.post('/api/v1/listings').send({
      enterprise: e.code,
      listType: 'quality_serious_dishonesty',
      reason: '统计测试：生产销售不合格医疗器械',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
      penaltyDocumentNumber: `统计罚〔2025〕${e.code.slice(-5)}号`,
      penaltyDecidedOn: '2025-01-02',
      penaltyAuthority: '厦门市市场监督管理局',
    });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id;
    expect((await officer.post(`/api/v1/listings/${id}/notify`).send({})).status).toBe(200);
    expect((await officer.post(`/api/v1/listings/${id}/statements`).send({ kind: 'waiver', summary: '放弃陈述' })).status).toBe(200);
    const decided = await (await t.as('reviewer')).post(`/api/v1/listings/${id}/decide`).send({ decisionNumber: `统计列〔2025〕${e.code.slice(-5)}号` });
    expect(decided.status).toBe(200);

    const after = rowOf((await report(`listings?by=industry`)).rows, INDUSTRY);
    expect([
      delta(after, before, 'enterprises'),
      delta(after, before, 'listedEnterprises'),
      delta(after, before, 'activeListings'),
      delta(after, before, 'decided'),
    ]).toEqual([1, 1, 1, 1]);
    expect(Number(after.listedRate)).toBeCloseTo(Number(after.listedEnterprises) / Number(after.enterprises), 3);
  });

  it('sampling pass rate counts passed and failed sampling records in the period, never revoked ones', async () => {
    const period = 'from=2019-03-01&to=2019-03-31';
    const before = rowOf((await report(`sampling?by=industry&${period}`)).rows, INDUSTRY);
    const beforeAll = (await report(`sampling?${period}`)).rows[0] ?? {};
    const e = await register();
    const registrar = await t.as('registrar');
    const add = async (categoryCode: string, occurredOn: string, n: number) => {
      const res: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await registrar.post(`/api/v1/enterprises/${e.code}/credit-records`).send({
        categoryCode,
        occurredOn,
        documentNumber: `统计抽〔2019〕${e.code.slice(-5)}-${n}号`,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》第十五条',
        description: '统计测试抽查结果',
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    await add('sampling_passed', '2019-03-05', 1);
    await add('sampling_passed', '2019-03-20', 2);
    await add('sampling_failed', '2019-03-21', 3);
    await add('sampling_failed', '2019-04-02', 4); // outside the period
    const wrong = await add('sampling_failed', '2019-03-22', 5);
    expect((await (await t.as('reviewer')).post(`/api/v1/credit-records/${wrong}/revoke`).send({ reason: '统计测试：登记错误' })).status).toBe(202);
    expect((await (await t.asUser('reviewer2')).post(`/api/v1/credit-records/${wrong}/revoke/approve`)).status).toBe(200);

    const after = rowOf((await report(`sampling?by=industry&${period}`)).rows, INDUSTRY);
    expect([delta(after, before, 'passed'), delta(after, before, 'failed'), delta(after, before, 'total')]).toEqual([2, 1, 3]);
    const overall = (await report(`sampling?${period}`)).rows[0] ?? {};
    expect(overall.name).toBe('全部');
    expect(delta(overall, beforeAll, 'passed')).toBe(2);
    expect(Number(overall.passRate)).toBeCloseTo(Number(overall.passed) / Number(overall.total), 3);

    const trends = await report('trends?from=2019-01&to=2019-12');
    expect(trends.rows.map((r) => r.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2019-${String(i + 1).padStart(2, '0')}`));
    expect(Number(rowOf(trends.rows, '2019-03', 'month').samplingPassed)).toBeGreaterThanOrEqual(2);
    expect(Number(rowOf(trends.rows, '2019-04', 'month').samplingFailed)).toBeGreaterThanOrEqual(1);
  });

  it('checks and feedback by agency: a partner check and its feedback move that agency’s counts and rate', async () => {
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    const before = await report('checks');
    const e = await register();
    const check: Reply<Ok<'/api/v1/checks/{code}'>> = await t.partner().get(`/api/v1/checks/${e.code}?purpose=government_procurement`);
    expect(check.status).toBe(200);
    const staffCheck = await (await t.as('officer')).get(`/api/v1/checks/${e.code}?purpose=honours`);
    expect(staffCheck.status).toBe(200);
    const fb = await t
      .partner()
      .post(`/api/v1/checks/receipts/${check.body.receipt.receiptId}/feedback`)
      .send({ outcome: 'not_applied', reason: '统计测试：无适用措施' });
    expect(fb.status).toBe(201);

    const after = await report('checks');
    const a = rowOf(after.rows, DEMO_AGENCY_CODE, 'agency');
    const b = rowOf(before.rows, DEMO_AGENCY_CODE, 'agency');
    expect([delta(a, b, 'checks'), delta(a, b, 'clear'), delta(a, b, 'feedback')]).toEqual([1, 1, 1]);
    expect(Number(a.feedbackRate)).toBeCloseTo(Number(a.feedback) / Number(a.checks), 3);
    const staff = rowOf(after.rows, 'staff', 'agency');
    expect(delta(staff, rowOf(before.rows, 'staff', 'agency'), 'checks')).toBe(1);
  });

  it('exports the same table as CSV with Accept: text/csv, labelled in the Accept-Language', async () => {
    const auditor = await t.as('auditor');
    const json = body<Ok<'/api/v1/statistics/grades'>>(await auditor.get('/api/v1/statistics/grades?by=industry&asOf=2020-06-30'));
    const res: Reply<Ok<'/api/v1/statistics/grades'>> = await auditor
      .get('/api/v1/statistics/grades?by=industry&asOf=2020-06-30')
      .set('Accept', 'text/csv')
      .set('Accept-Language', 'en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="statistics-grades-2020-06-30.csv"');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Industry section,Industry,Industry (English),AAA,AA,A,B,C,D,Not graded,Enterprises,Share AA or better');
    expect(lines).toHaveLength(json.rows.length + 2); // header, rows, totals
    const q = lines.find((l) => l.startsWith(`${INDUSTRY},`))!;
    const row = rowOf(json.rows, INDUSTRY);
    expect(q.split(',').slice(3, 11).map(Number)).toEqual(['AAA', 'AA', 'A', 'B', 'C', 'D', 'ungraded', 'total'].map((k) => row[k]));
    expect(lines.at(-1)!.startsWith('Total,')).toBe(true);
    const zh = await auditor.get('/api/v1/statistics/trends?from=2019-01&to=2019-02').set('Accept', 'text/csv');
    expect(zh.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^月份,失信信息,/);
  });

  it('is for staff: every staff role may read, partners and the public may not; bad parameters are 400 with the field', async () => {
    for (const role of ['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin'] as const) {
      expect((await (await t.as(role)).get('/api/v1/statistics/trends')).status).toBe(200);
    }
    expect((await t.http().get('/api/v1/statistics/grades')).status).toBe(401);
    expect((await t.partner().get('/api/v1/statistics/grades')).status).toBe(403);
    const auditor = await t.as('auditor');
    const bad: Reply<Problem> = await auditor.get('/api/v1/statistics/listings?from=2025-02-01&to=2025-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'STATISTICS.BAD_PERIOD', errors: [{ field: 'from', rule: 'beforeTo' }] });
    const by: Reply<Problem> = await auditor.get('/api/v1/statistics/grades?by=galaxy');
    expect(by.status).toBe(400);
    expect(by.body.errors?.[0]?.field).toBe('by');
    expect(body<Problem>(await auditor.get('/api/v1/statistics/trends?from=2000-01&to=2025-01')).code).toBe('STATISTICS.BAD_PERIOD');
    expect((await auditor.get('/api/v1/statistics/grades?asOf=2025-02-30')).status).toBe(400);
  });
});
