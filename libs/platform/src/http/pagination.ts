import { CommonProblems, ProblemException } from './problem.js';

/** Opaque cursor: base64url of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key;
  } catch {
    /* fall through to the problem below */
  }
  throw new ProblemException(CommonProblems.validation, 'cursor is not one this API issued', [
    { field: 'cursor', rule: 'cursor', message: 'cursor is not one this API issued' },
  ]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
