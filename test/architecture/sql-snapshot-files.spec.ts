import { originOf } from './sql-capture.js';
import { isSnapshotted, lineDiff, normaliseSql } from './sql-snapshot-files.js';

/** The pure parts of the SQL snapshots (issue 23): a statement's stable spelling, its issuing file, the diff shown. */
describe('SQL snapshot normalisation', () => {
  it.each([
    ['whitespace collapsed', 'SELECT a,\n       b\n  FROM t   WHERE x = $1', 'SELECT a, b FROM t WHERE x = $1'],
    [
      'an IN-list built by length keeps its first placeholder',
      'SELECT 1 FROM t WHERE id IN ($2, $3, $4) AND k = $1',
      'SELECT 1 FROM t WHERE id IN ($2 /* , … */) AND k = $1',
    ],
    [
      'the same IN-list one item longer reads the same',
      'SELECT 1 FROM t WHERE id IN ($2, $3, $4, $5) AND k = $1',
      'SELECT 1 FROM t WHERE id IN ($2 /* , … */) AND k = $1',
    ],
    ['casts inside an IN-list', 'SELECT 1 FROM t WHERE id IN ($1::uuid, $2::uuid)', 'SELECT 1 FROM t WHERE id IN ($1::uuid /* , … */)'],
    ['literal IN-lists are the query, not data', "SELECT 1 FROM t WHERE s IN ('active', 'disputed')", "SELECT 1 FROM t WHERE s IN ('active', 'disputed')"],
    ['multi-row VALUES keeps its first row', 'INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)', 'INSERT INTO t (a, b) VALUES ($1, $2) /* , … */'],
    ['a single-row VALUES is the shape of the insert', 'INSERT INTO t (a, b, c) VALUES ($1, $2, $3)', 'INSERT INTO t (a, b, c) VALUES ($1, $2, $3)'],
    ['a uuid in a name', 'SAVEPOINT sp_0b7c1a52_4c4e_4b1e_9a3f_2d5e6f708192', 'SAVEPOINT sp_uuid'],
  ])('%s', (_label, text, expected) => {
    expect(normaliseSql(text)).toBe(expected);
  });

  it.each([
    ['START TRANSACTION', false],
    ['COMMIT', false],
    ['ROLLBACK', false],
    ['SELECT 1', true],
    ['UPDATE t SET a = $1', true],
  ])('%s is snapshotted: %s', (text, expected) => {
    expect(isSnapshotted(text)).toBe(expected);
  });
});

describe('the file that issued a statement', () => {
  const frame = (path: string) => `    at Something.method (/work/repo/${path}:10:5)`;
  it.each([
    [
      'the repository, past the typed wrappers and pg',
      ['node_modules/pg/lib/client.js', 'libs/platform/src/sql/typed-query.ts', 'libs/grading/src/grades.repository.ts'],
      'grading/grades.repository',
    ],
    [
      'the service, past the transaction helper',
      ['libs/platform/src/database/transaction.ts', 'libs/enterprises/src/persons/person-registry.service.ts'],
      'enterprises/persons/person-registry.service',
    ],
    [
      'platform code that is not plumbing',
      ['libs/platform/src/events/domain-events.ts', 'libs/grading/src/grading.service.ts'],
      'platform/events/domain-events',
    ],
    ['no frame under libs/', ['node_modules/typeorm/driver/postgres/PostgresQueryRunner.js', 'test/helpers/test-app.ts'], null],
  ])('%s', (_label, paths, expected) => {
    expect(originOf(['Error', ...paths.map(frame)].join('\n'))).toBe(expected);
  });
});

describe('the diff a failing snapshot shows', () => {
  it('marks the changed line and elides the unchanged ones far from it', () => {
    const before = ['SELECT', '  a,', '  b', 'FROM', '  t', 'WHERE', '  x = $1', 'ORDER BY', '  a;'].join('\n');
    const after = before.replace('  a,\n', '  a,\n  c,\n');
    expect(lineDiff(before, after, 1)).toBe(['  …', '    a,', '+   c,', '    b', '  …'].join('\n'));
  });
});
