import { queryRows, todayInChina } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listed } from './blacklist-helpers.js';
import { addRecord, db, monthsAgo, newEnterprise, today } from './credit-grading-helpers.js';
import { body, type Ok, type Reply } from './typed-http.js';

async function runTo(t: TestApp, body: Record<string, unknown>) {
  const grader = await t.as('grader');
  const started: Reply<Ok<'/api/v1/grading/runs', 'post'>> = await grader.post('/api/v1/grading/runs').send(body);
  expect(started.status).toBe(202);
  for (let i = 0; i < 300; i++) {
    const res: Reply<Ok<'/api/v1/grading/runs/{id}'>> = await grader.get(`/api/v1/grading/runs/${started.body.id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('run did not finish');
}

/** Every current grade row (the one covering today; a listed enterprise also has rows after today), as a comparable snapshot. */
interface CurrentGradeRow {
  enterprise_id: string;
  id: string;
  grade: string;
  score: number;
  valid_from: string;
  overridden: boolean;
  source: string;
}
const currentRows = async (t: TestApp) =>
  queryRows<CurrentGradeRow>(
    db(t),
    `SELECT enterprise_id, id::text, grade, score::float8, valid_from::text, overridden, source FROM grading.grades
    WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date) ORDER BY enterprise_id`,
    [todayInChina()],
  );

/** Issue 15: dated runs write history, never today (docs/grading.md, "Backdated runs"). */
describe('a full regrade dated in the past (issue 15)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leaves every current grade equal and writes the grade on that date into history', async () => {
    const listedOne = await newEnterprise(t);
    await listed(t, listedOne.id);
    const penalised = await newEnterprise(t);
    await addRecord(t, penalised.code, 'sampling_failed', monthsAgo(2));
    const before = await currentRows(t);
    expect(before.find((r) => r.enterprise_id === listedOne.id)).toMatchObject({ grade: 'D' });

    const run = await runTo(t, { asOf: '2023-12-02' });
    expect(run.status).toBe('completed');
    expect(await currentRows(t)).toEqual(before);

    const reader = await t.as('auditor');
    // the listing (decided today) did not exist on 2023-12-02: history says A then, D today
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${listedOne.code}/grade?asOf=2023-12-02`))).toMatchObject({
      grade: 'A',
      source: 'run',
      validTo: today(),
    });
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${listedOne.code}/grade`))).toMatchObject({
      grade: 'D',
      source: 'listing-change',
    });
    expect(body<Ok<'/api/v1/enterprises/{code}/grade'>>(await reader.get(`/api/v1/enterprises/${penalised.code}/grade`)).grade).toBe('B');

    // a second backdated run on the same date has nothing left to write
    const again = await runTo(t, { asOf: '2023-12-02' });
    expect(again).toMatchObject({ status: 'completed', changed: 0 });
    expect(await currentRows(t)).toEqual(before);
  });
});
