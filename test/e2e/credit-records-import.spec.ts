import { randomUscc } from '#qcr/identifiers';
import { querySingle } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { db, monthsAgo, newEnterprise } from './credit-grading-helpers.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

const HEADER = '统一社会信用代码,信息类别,发生日期,公示截止日期,文书号,认定部门,法律依据,情况说明,严格修复';

describe('bulk import of credit records (issue 4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const countRecords = async (enterpriseIds: string[]) => {
    const { n } = await querySingle<{ n: number }>(db(t), `SELECT count(*)::int AS n FROM credit.records WHERE enterprise_id = ANY($1::uuid[])`, [
      enterpriseIds,
    ]);
    return n;
  };
  const gradeRows = async (enterpriseId: string) => {
    const { n } = await querySingle<{ n: number }>(db(t), `SELECT count(*)::int AS n FROM grading.grades WHERE enterprise_id = $1`, [enterpriseId]);
    return n;
  };

  /** Lines 2–4 good, 5–9 bad, 10 a duplicate of line 2. */
  async function mixedFile() {
    const a = await newEnterprise(t);
    const b = await newEnterprise(t);
    const tag = `${Date.now() % 1e8}`;
    const badCheck = a.code.slice(0, 17) + (a.code[17] === '0' ? '1' : '0');
    const occurred = monthsAgo(2);
    const lines = [
      HEADER,
      `${a.code},sampling_failed,${occurred},,导入测〔${tag}〕1号,厦门市市场监督管理局,《产品质量法》第十五条,抽查不合格,否`,
      `${b.code.toLowerCase()},监督抽查合格,${occurred.replace(/-/g, '/')},,导入测〔${tag}〕2号,厦门市市场监督管理局,《产品质量法》第十五条,,`,
      `${a.code},penalty_general,${occurred},,"导入测〔${tag}〕3号, 附件",厦门市市场监督管理局,《产品质量法》第四十九条,,是`,
      `${randomUscc()},sampling_failed,${occurred},,导入测〔${tag}〕4号,厦门市市场监督管理局,《产品质量法》,,`,
      `${badCheck},sampling_failed,${occurred},,导入测〔${tag}〕5号,厦门市市场监督管理局,《产品质量法》,,`,
      `${a.code},no_such_category,2999-01-01,,导入测〔${tag}〕6号,厦门市市场监督管理局,《产品质量法》,,`,
      `${a.code},sampling_failed,${occurred},2020-01-01,导入测〔${tag}〕7号,,《产品质量法》,,`,
      `${b.code},sampling_failed,2025-02-30,,导入测〔${tag}〕8号,厦门市市场监督管理局,《产品质量法》,,也许`,
      `${a.code},sampling_failed,${occurred},,导入测〔${tag}〕1号,厦门市市场监督管理局,《产品质量法》第十五条,重复,否`,
    ];
    return { csv: lines.join('\r\n') + '\r\n', a, b };
  }

  it('lands good rows with audit and regrade, reports each bad row (line, field, rule), and re-imports as a no-op', async () => {
    const file = await mixedFile();
    const gradesBefore = await gradeRows(file.a.id);
    const registrar = await t.as('registrar');
    const res: Reply<Ok<'/api/v1/credit-records/import', 'post'>> = await registrar
      .post('/api/v1/credit-records/import')
      .attach('file', Buffer.from('\uFEFF' + file.csv, 'utf8'), 'records.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'records.csv',
      rowsRead: 9,
      inserted: 3,
      unchanged: 0,
      rejected: 6,
      enterprisesRegraded: 2,
      noChanges: false,
      errorsTruncated: false,
    });
    expect(res.body.errors).toEqual([
      { line: 5, field: 'enterprise_code', rule: 'not_registered', message: expect.stringContaining('no enterprise registered') },
      { line: 6, field: 'enterprise_code', rule: 'uscc_check', message: expect.stringMatching(/^expected ., given .$/) },
      { line: 7, field: 'category_code', rule: 'category', message: expect.stringContaining('no_such_category') },
      { line: 7, field: 'occurred_on', rule: 'notFuture', message: expect.any(String) },
      { line: 8, field: 'publish_until', rule: 'afterOccurred', message: expect.any(String) },
      { line: 8, field: 'issuing_department', rule: 'required', message: expect.any(String) },
      { line: 9, field: 'occurred_on', rule: 'date', message: expect.any(String) },
      { line: 9, field: 'strict_repair', rule: 'boolean', message: expect.any(String) },
      { line: 10, field: 'document_number', rule: 'duplicate_in_file', message: 'same record as line 2' },
    ]);

    const list: Reply<Ok<'/api/v1/enterprises/{code}/credit-records'>> = await registrar.get(`/api/v1/enterprises/${file.a.code}/credit-records`);
    expect(list.body.items).toHaveLength(2);
    const penalty = defined(
      list.body.items.find((r) => r.categoryCode === 'penalty_general'),
      'the imported penalty',
    );
    expect(penalty).toMatchObject({ source: 'import', strictRepair: true, status: 'active', documentNumber: expect.stringContaining(', 附件') });
    const positive = body<Ok<'/api/v1/enterprises/{code}/credit-records'>>(await registrar.get(`/api/v1/enterprises/${file.b.code}/credit-records`)).items;
    expect(positive).toEqual([expect.objectContaining({ categoryCode: 'sampling_passed', source: 'import' })]);

    // Regraded in the import's transaction, as a single record write would: the grade names the imported records.
    expect(await gradeRows(file.a.id)).toBeGreaterThan(gradesBefore);
    const grade: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await (await t.as('grader')).get(`/api/v1/enterprises/${file.a.code}/grade`);
    expect(grade.status).toBe(200);
    expect(JSON.stringify(grade.body.explanation)).toContain(penalty.id);

    // One audit entry per record, plus the import as a whole.
    const auditor = await t.as('auditor');
    const entry: Reply<Ok<'/api/v1/audit'>> = await auditor.get('/api/v1/audit').query({ entityType: 'credit_record', entityId: penalty.id });
    expect(entry.body.items).toEqual([expect.objectContaining({ action: 'credit.record.create', after: expect.objectContaining({ id: penalty.id }) })]);
    const whole: Reply<Ok<'/api/v1/audit'>> = await auditor.get('/api/v1/audit').query({ entityType: 'credit-import', entityId: res.body.id });
    expect(whole.body.items[0]).toMatchObject({ action: 'credit.records.imported', after: { inserted: 3, rejected: 6 } });

    const records = await countRecords([file.a.id, file.b.id]);
    const grades = await gradeRows(file.a.id);
    const again: Reply<Ok<'/api/v1/credit-records/import', 'post'>> = await registrar
      .post('/api/v1/credit-records/import')
      .attach('file', Buffer.from(file.csv, 'utf8'), 'records.csv');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ rowsRead: 9, inserted: 0, unchanged: 3, rejected: 6, enterprisesRegraded: 0, noChanges: true });
    expect(await countRecords([file.a.id, file.b.id])).toBe(records);
    expect(await gradeRows(file.a.id)).toBe(grades);
  });

  it('takes a text/csv body with English headers', async () => {
    const e = await newEnterprise(t);
    const csv = [
      'enterprise_code,category_code,occurred_on,document_number,issuing_department,legal_basis',
      `${e.code.slice(8, 17)},chief_quality_officer,${monthsAgo(1)},CQO-${Date.now()},厦门市市场监督管理局,质量发展纲要`,
    ].join('\n');
    const res: Reply<Ok<'/api/v1/credit-records/import', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/credit-records/import?fileName=cqo.csv')
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: 'cqo.csv', rowsRead: 1, inserted: 1, rejected: 0, errors: [] });
  });

  it('rejects a file without the required columns, an unsupported media type, and callers without credit.write', async () => {
    const registrar = await t.as('registrar');
    const header: Reply<Problem> = await registrar.post('/api/v1/credit-records/import').set('Content-Type', 'text/csv').send('code,name\nx,y\n');
    expect(header.status).toBe(400);
    expect(header.body.code).toBe('CREDIT.IMPORT_HEADER');
    expect(header.body.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(['category_code', 'occurred_on', 'document_number', 'issuing_department', 'legal_basis']),
    );
    const empty = await registrar.post('/api/v1/credit-records/import').set('Content-Type', 'text/csv').send('');
    expect(empty.status).toBe(400);
    const json = await registrar.post('/api/v1/credit-records/import').send({ rows: [] });
    expect(json.status).toBe(415);
    const grader = await t.as('grader');
    expect((await grader.post('/api/v1/credit-records/import').set('Content-Type', 'text/csv').send(HEADER)).status).toBe(403);
    expect((await t.http().post('/api/v1/credit-records/import').set('Content-Type', 'text/csv').send(HEADER)).status).toBe(401);
  });
});
