import { GradeHistoryImporter } from '#qcr/grading';
import { addDays, addYears, ProblemException, queryRows, systemActor } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { addRecord, db, monthsAgo, newEnterprise, today } from './credit-grading-helpers.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

const HEADER = 'enterprise_code,grade,valid_from,valid_to,authority\n';

/** Issue 15: imported grade history counts for progression (AA needs ≥ 2 years at A or better, DOMAIN.md §6). */
describe('grade history import (issue 15)', () => {
  let t: TestApp;
  let importer: GradeHistoryImporter;
  const actor = systemActor('history-import-test');
  beforeAll(async () => {
    t = await createTestApp();
    importer = t.app.get(GradeHistoryImporter);
  });
  afterAll(() => t.close());

  /** An enterprise whose score qualifies for AA (a quality award) but held at A by progression. */
  async function qualifiesForAA() {
    const e = await newEnterprise(t);
    await addRecord(t, e.code, 'quality_award', monthsAgo(3));
    const now: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await (await t.as('auditor')).get(`/api/v1/enterprises/${e.code}/grade`);
    expect(now.body.grade).toBe('A');
    expect(now.body.explanation.thresholdGrade).toBe('AA');
    return e;
  }

  it('a 3-year A history gives AA; re-importing the file changes nothing; one audit entry per import', async () => {
    const e = await qualifiesForAA();
    const csv = `${HEADER}${e.code},A,${addYears(today(), -3)},${today()},福建省市场监督管理局\n`;
    const first = await importer.importCsv(csv, actor, 'history.csv');
    expect(first).toMatchObject({ rowsRead: 1, inserted: 1, unchanged: 0, enterprisesRegraded: 1, noChanges: false });
    const reader = await t.as('auditor');
    const now: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reader.get(`/api/v1/enterprises/${e.code}/grade`);
    expect(now.body).toMatchObject({ grade: 'AA', source: 'history-import' });
    const past: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reader.get(`/api/v1/enterprises/${e.code}/grade?asOf=${addYears(today(), -2)}`);
    expect(past.body).toMatchObject({ grade: 'A', source: 'import' });
    expect(past.body.summary.en.join(' ')).toContain('福建省市场监督管理局');

    const again = await importer.importCsv(csv, actor, 'history.csv');
    expect(again).toMatchObject({ inserted: 0, unchanged: 1, noChanges: true });
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${e.code}/grade`)).grade).toBe('AA');
    const audits = await queryRows<{ entity_id: string }>(
      db(t),
      `SELECT entity_id FROM audit.entries WHERE action = 'grading.history.imported' AND entity_id = ANY($1)`,
      [[first.id, again.id]],
    );
    expect(audits).toHaveLength(2);
  });

  it('two years minus a day at A is not enough for AA', async () => {
    const e = await qualifiesForAA();
    const from = addDays(addYears(today(), -2), 1);
    const r = await importer.importCsv(`${HEADER}${e.code},A,${from},${today()},福建省市场监督管理局\n`, actor, 'short.csv');
    expect(r.inserted).toBe(1);
    const now: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await (await t.as('auditor')).get(`/api/v1/enterprises/${e.code}/grade`);
    expect(now.body.grade).toBe('A');
    expect(now.body.explanation.progression[0]).toMatchObject({ wanted: 'AA', since: from, eligibleOn: addYears(from, 2) });
  });

  it('staff upload: a grader posts the CSV (text/csv); a bad file answers problem+json naming line, field and rule', async () => {
    const e = await qualifiesForAA();
    const grader = await t.as('grader');
    const ok: Reply<Ok<'/api/v1/grading/history-imports', 'post'>> = await grader
      .post('/api/v1/grading/history-imports?fileName=upload.csv')
      .set('Content-Type', 'text/csv')
      .send(`${HEADER}${e.code},AA,${addYears(today(), -3)},${today()},湖北省市场监督管理局\n`);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fileName: 'upload.csv', inserted: 1, enterprisesRegraded: 1 });
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await grader.get(`/api/v1/enterprises/${e.code}/grade`)).grade).toBe('AA'); // score 90: AA, not AAA (95)
    const bad: Reply<Problem> = await grader
      .post('/api/v1/grading/history-imports')
      .set('Content-Type', 'text/csv')
      .send(`${HEADER}${e.code},AA,2020-01-01,2019-01-01,某局\n`);
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'GRADING.HISTORY_INVALID', errors: [expect.objectContaining({ field: 'valid_to', rule: 'afterValidFrom' })] });
    expect((await (await t.as('registrar')).post('/api/v1/grading/history-imports').set('Content-Type', 'text/csv').send(HEADER)).status).toBe(403);
  });

  it('rejects the whole file on any bad row (future date, unknown grade, overlap, unknown enterprise), writing nothing', async () => {
    const e = await newEnterprise(t);
    const csv =
      HEADER +
      [
        `${e.code},A,2020-01-01,2021-01-01,某局`,
        `${e.code},Z,2021-01-01,2022-01-01,某局`,
        `${e.code},A,2020-06-01,2020-09-01,某局`,
        `${e.code},A,2022-01-01,${addDays(today(), 1)},某局`,
        `91350200776049653A,A,2020-01-01,2021-01-01,某局`,
      ].join('\n');
    const failed = await importer.importCsv(csv, actor, 'bad.csv').then(
      () => null,
      (err: unknown) => err,
    );
    if (!(failed instanceof ProblemException)) throw new Error(`expected the import refused as a problem, got ${String(failed)}`);
    expect(failed.getStatus()).toBe(422);
    // the importer names each refused row in the problem's `rows` member
    const refused = failed.extra.rows as { line: number; rule: string }[];
    expect(refused.map((r) => `${r.line}:${r.rule}`).sort()).toEqual(['3:grade', '4:overlap', '5:notFuture', '6:not_registered'].sort());
    expect(await queryRows<{ one: number }>(db(t), `SELECT 1 AS one FROM grading.grades WHERE enterprise_id = $1`, [e.id])).toHaveLength(0);
  });
});
