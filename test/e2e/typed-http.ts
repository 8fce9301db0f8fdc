import type { Response } from 'supertest';
import type { components, paths } from '../../clients/registry/schema.js';

/**
 * Typed response bodies for the e2e suites (issue 23: no `any` from supertest's `res.body`).
 *
 * The types come from clients/registry/schema.ts, which openapi-typescript generates from the committed openapi.json;
 * every response a test app serves is also checked against that document at run time (test/helpers/contract.ts), so
 * a body declared here as `Ok<'/api/v1/…'>` is the shape the suite fails on if the app drifts from it.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A named schema of the contract: `Schema<'CheckResult'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** RFC 9457 problem body (application/problem+json) with the registry's `code`, `errors[]` and `traceId`. */
export type Problem = Schema<'Problem'>;

type SuccessBody<R> = { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { 'application/json': infer B } } ? B : never) : never }[keyof R];

/** The JSON body a route answers on success, as openapi.json documents it: `Ok<'/api/v1/checks/{code}'>`. */
export type Ok<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R } ? SuccessBody<R> : never;

/** A supertest response whose body is declared (a variable's annotation: `const res: Reply<Problem> = await …`). */
export type Reply<T> = Omit<Response, 'body'> & { body: T };

/** The body of a response, declared: `body<Problem>(res).code`. */
export function body<T>(res: { body: unknown }): T {
  return res.body as T;
}

/** Narrowing helpers shared with the other test directories (one definition: test/helpers/defined.ts). */
export { defined, first } from '../helpers/defined.js';
