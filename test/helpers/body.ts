import type { components } from '../../clients/registry/schema.js';

/** A response shape from the committed contract (clients/registry/schema.ts, generated from openapi.json). */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

/**
 * supertest and `fetch().json()` hand a body back as `any`; the test states the shape it is about to assert on
 * (issue 23: no-unsafe-* on in tests too). Every e2e response is also checked against openapi.json by the
 * contract check (test/helpers/contract.ts), so the declared shape is the documented one.
 */
export function bodyOf<T>(res: { body: unknown }): T {
  return res.body as T;
}

/** A list answer: a page (`{ items, nextCursor }`) on the paged routes, a bare array on the others. */
export type Listed<T> = T[] | { items: T[] };

export function itemsOf<T>(list: Listed<T>): T[] {
  return Array.isArray(list) ? list : list.items;
}
