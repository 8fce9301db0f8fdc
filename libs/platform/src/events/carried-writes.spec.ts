import { withCarried } from './carried-writes.js';

describe('withCarried: one statement from the caller’s CTEs and the writes left to be carried', () => {
  const own = { ctes: [['ev', 'INSERT INTO a VALUES ($1, $2) RETURNING 1']] as Array<[string, string]>, params: ['x', 'y'], select: 'SELECT count(*) FROM ev' };

  it.each([
    ['nothing carried: the caller’s statement as it was', [], 'WITH ev AS (INSERT INTO a VALUES ($1, $2) RETURNING 1)\nSELECT count(*) FROM ev', ['x', 'y']],
    [
      'a carried write: its parameters numbered after the caller’s ($10 is not $1 followed by 0)',
      [{ ctes: [['w', 'UPDATE b SET c = $1 WHERE d = $10 RETURNING 1']] as Array<[string, string]>, params: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }],
      'WITH ev AS (INSERT INTO a VALUES ($1, $2) RETURNING 1),\nw AS (UPDATE b SET c = $3 WHERE d = $12 RETURNING 1)\nSELECT count(*) FROM ev',
      ['x', 'y', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ],
  ])('%s', (_label, carried, sql, params) => {
    expect(withCarried(own, carried)).toEqual({ sql, params });
  });

  it('no CTEs at all: the bare select', () => {
    expect(withCarried({ ctes: [], params: [], select: 'SELECT 1' }, [])).toEqual({ sql: 'SELECT 1', params: [] });
  });

  it('refuses two CTEs of one name (the statement would not parse, or worse, read the wrong one)', () => {
    expect(() => withCarried(own, [{ ctes: [['ev', 'DELETE FROM a RETURNING 1']], params: [] }])).toThrow(/collide/);
  });
});
