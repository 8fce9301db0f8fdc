import { queryChanged, queryOne, queryRows, querySingle, selectList } from './typed-query.js';

interface Row {
  enterpriseId: string;
  validFrom: string;
  grade: string;
}

/** A stand-in for TypeORM's query(): pure unit test of the wrappers' shapes (the e2e suites run them on PostgreSQL). */
const answering = (result: unknown) => ({ query: (_sql: string, _params?: unknown[]) => Promise.resolve(result) });

describe('typed SQL (issue 23)', () => {
  it('writes the select list from the row type: one aliased expression per field', () => {
    expect(selectList<Row>({ enterpriseId: 'g.enterprise_id', validFrom: 'g.valid_from::text', grade: '"grade"' })).toBe(
      'g.enterprise_id AS "enterpriseId", g.valid_from::text AS "validFrom", "grade"',
    );
  });

  it('refuses, at typecheck, a select list that misses a field or misspells one', () => {
    // @ts-expect-error validFrom is missing: the query would not produce a field the row type promises
    selectList<Row>({ enterpriseId: 'enterprise_id', grade: 'grade' });
    // @ts-expect-error a misspelt alias (validFrm) is not a field of the row
    selectList<Row>({ enterpriseId: 'enterprise_id', validFrm: 'valid_from', grade: 'grade' });
  });

  it('answers rows, the first row, exactly one row, and UPDATE … RETURNING as rows and count', async () => {
    const row: Row = { enterpriseId: 'e', validFrom: '2026-01-01', grade: 'A' };
    await expect(queryRows<Row>(answering([row]), 'SELECT')).resolves.toEqual([row]);
    await expect(queryOne<Row>(answering([]), 'SELECT')).resolves.toBeNull();
    await expect(querySingle<Row>(answering([row]), 'INSERT')).resolves.toEqual(row);
    await expect(querySingle<Row>(answering([]), 'INSERT INTO x RETURNING id')).rejects.toThrow(/expected one row, got none: INSERT INTO x/);
    await expect(queryChanged<Row>(answering([[row], 1]), 'UPDATE')).resolves.toEqual({ rows: [row], count: 1 });
  });
});
