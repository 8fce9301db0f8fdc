/**
 * Narrowing for tests and benchmarks under `noUncheckedIndexedAccess` (issue 23): an index or a `Map.get` that the
 * test knows must hit, checked so that a miss fails with a message naming what was missing instead of a
 * `TypeError: cannot read properties of undefined` several lines later.
 */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found ${String(value)}`);
  return value;
}

/** The first row of a result the test expects to be non-empty (a `RETURNING`, a lookup by key). */
export function first<T>(rows: readonly T[], what = 'a row'): T {
  return defined(rows[0], what);
}
