import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { TABLE_FORMATS, tableFile } from '../helpers/table-fixtures.js';
import { partnerReady, registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import type { Ok, Problem, Reply } from './typed-http.js';

/**
 * Issue 17: the supplier check and the staff grade-history import read files through one reader
 * (#qcr/platform readTable), so the very same bytes — UTF-8, UTF-8 with BOM, GBK, GB18030, .xlsx and a
 * tab-separated paste of one table — give the same rows to both.
 */
describe('one file reader for the supplier check and the staff imports', () => {
  let t: TestApp;
  let a: TestEnterprise, b: TestEnterprise;
  let table: [header: string[], a: string[], b: string[]];
  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
    [a, b] = await Promise.all([
      registerEnterprise(t, `读取甲${Math.random().toString(36).slice(2, 6)}有限公司`),
      registerEnterprise(t, `读取乙${Math.random().toString(36).slice(2, 6)}有限公司`),
    ]);
    table = [
      ['enterprise_code', 'grade', 'valid_from', 'valid_to', 'authority'],
      [a.uscc, 'A', '2019-01-01', '2021-01-01', '福建省市场监督管理局'],
      [b.uscc, 'B', '2018-06-01', '2020-06-01', '厦门市市场监督管理局'],
    ];
  });
  afterAll(() => t.close());

  it('the grade-history upload reads every format to the same rows: the first inserts, the others change nothing', async () => {
    const grader = await t.as('grader');
    const results: Record<string, unknown>[] = [];
    for (const format of TABLE_FORMATS) {
      const { bytes, filename } = await tableFile(format, table);
      const res: Reply<Ok<'/api/v1/grading/history-imports', 'post'>> = await grader.post('/api/v1/grading/history-imports').attach('file', bytes, filename);
      expect([format, res.status]).toEqual([format, 201]);
      results.push({ format, rowsRead: res.body.rowsRead, inserted: res.body.inserted, noChanges: res.body.noChanges });
    }
    expect(results).toEqual(TABLE_FORMATS.map((format, i) => ({ format, rowsRead: 2, inserted: i === 0 ? 2 : 0, noChanges: i !== 0 })));
  });

  it('the supplier check reads the same bytes to the same codes, on the same lines', async () => {
    for (const format of TABLE_FORMATS) {
      const { bytes, filename } = await tableFile(format, table);
      const res: Reply<Ok<'/api/v1/checks/batch', 'post'>> = await t
        .partner()
        .post('/api/v1/checks/batch')
        .field('purpose', 'government_procurement')
        .attach('file', bytes, filename);
      expect([format, res.status]).toEqual([format, 200]);
      expect([format, res.body.results.map((r) => [r.code, r.line])]).toEqual([
        format,
        [
          [a.uscc, 2],
          [b.uscc, 3],
        ],
      ]);
    }
  });

  it('a grade-history row error names the file line, in a GBK file as in an .xlsx', async () => {
    const bad = [table[0], table[1], [b.uscc, 'Z', '2018-06-01', '2020-06-01', '厦门市市场监督管理局']];
    for (const format of ['gbk', 'xlsx'] as const) {
      const { bytes, filename } = await tableFile(format, bad);
      const res: Reply<Problem> = await (await t.as('grader')).post('/api/v1/grading/history-imports').attach('file', bytes, filename);
      expect(res.status).toBe(422);
      expect([format, res.body.errors]).toEqual([format, [expect.objectContaining({ field: 'grade', message: expect.stringMatching(/^line 3: /) })]]);
    }
  });
});
