import { CommonProblems, type FieldProblem, ProblemException } from './problem.js';

const MAX_DEPTH = 32;
// NUL cannot be stored in PostgreSQL text; a lone surrogate is not valid UTF-8.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Rejects input no field may carry, whatever its DTO says: NUL characters, unpaired
 * surrogates, and JSON nested deeper than any request of ours needs. Runs before the
 * handlers, so no such value ever reaches a query (it would surface as a 500).
 */
export function findForbiddenInput(where: string, value: unknown): FieldProblem | null {
  const stack: Array<{ path: string; value: unknown; depth: number }> = [{ path: where, value, depth: 0 }];
  while (stack.length) {
    const { path, value: v, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return { field: where, rule: 'maxDepth', message: `${where} is nested more than ${MAX_DEPTH} levels deep` };
    if (typeof v === 'string') {
      if (FORBIDDEN.test(v)) return { field: path, rule: 'validText', message: `${path} contains a NUL character or an unpaired surrogate` };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ path: `${path}[${i}]`, value: item, depth: depth + 1 }));
    } else if (v && typeof v === 'object' && isPlainObject(v)) {
      for (const [k, item] of Object.entries(v)) {
        if (FORBIDDEN.test(k)) return { field: path, rule: 'validText', message: `${path} has a key with a NUL character or an unpaired surrogate` };
        stack.push({ path: path ? `${path}.${k}` : k, value: item, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** Parsed JSON and query objects only; a streamed body (CSV upload) is checked by its reader. */
function isPlainObject(v: object): boolean {
  return !Buffer.isBuffer(v) && typeof (v as { pipe?: unknown }).pipe !== 'function';
}

export function assertAcceptableInput(parts: { query?: unknown; params?: unknown; body?: unknown }): void {
  for (const [where, value] of [
    ['', parts.body],
    ['', parts.query],
    ['', parts.params],
  ] as const) {
    const found = findForbiddenInput(where, value);
    if (found) {
      const field = found.field.replace(/^\./, '') || 'body';
      throw new ProblemException(CommonProblems.validation, found.message.replace(/^\S*/, field), [
        { ...found, field, message: found.message.replace(/^\S*/, field) },
      ]);
    }
  }
}
