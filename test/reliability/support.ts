import type { DataSource } from 'typeorm';
import { buildOpenApi, querySingle } from '#qcr/platform';
import { defined } from '../helpers/defined.js';
import type { TestApp } from '../helpers/test-app.js';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  key: string; // "POST /api/v1/x/{id}"
  access: { kind: 'public' | 'authenticated' | 'staff'; permission?: string; partner?: boolean };
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }>;
  bodyTypes: string[];
  bodySchema?: Schema;
  /** The statuses the operation declares (keys of its OpenAPI `responses`). */
  responses?: Record<string, unknown>;
}

export interface Schema {
  type?: string;
  format?: string;
  example?: unknown;
  description?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  $ref?: string;
  allOf?: Schema[];
}

/** Every operation of the app's OpenAPI document, with $refs resolved one level deep. */
export function operations(t: TestApp): Operation[] {
  const doc = buildOpenApi(t.app) as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Operation['parameters'];
          requestBody?: { content: Record<string, { schema?: Schema }> };
          'x-access': Operation['access'];
          responses?: Record<string, unknown>;
        }
      >
    >;
    components: { schemas: Record<string, Schema> };
  };
  const resolve = (s?: Schema, depth = 0): Schema | undefined => {
    if (!s || depth > 4) return s;
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()!], depth + 1);
    if (s.allOf)
      return s.allOf
        .map((x) => resolve(x, depth + 1))
        .reduce<Schema>(
          (a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b?.properties }, required: [...(a.required ?? []), ...(b?.required ?? [])] }),
          {},
        );
    // Nested objects too (the positive fuzz builds whole bodies from them).
    if (s.properties) return { ...s, properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1)!])) };
    if (s.items) return { ...s, items: resolve(s.items, depth + 1) };
    return s;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      return {
        method: method as Operation['method'],
        path,
        key: `${method.toUpperCase()} ${path}`,
        access: op['x-access'],
        parameters: op.parameters ?? [],
        bodyTypes: Object.keys(content),
        bodySchema: resolve(json),
        responses: op.responses ?? {},
      };
    }),
  );
}

/**
 * Count and checksum of every table in the app's schemas, except the ones a rejected request may
 * legitimately write: the audit log (it may record refusals) and the check log (measures.checks:
 * every answered check is logged, by design). Everything else must be byte-for-byte unchanged.
 */
// A failed login is a legitimate write: counting it is what the lockout is for.
export const UNCHECKED_TABLES = ['audit.entries', 'measures.checks', 'access.login_failures'];

export async function snapshot(ds: DataSource): Promise<Record<string, string>> {
  const tables: Array<{ t: string }> = await ds.query(
    `SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    if (UNCHECKED_TABLES.includes(t)) continue;
    const row = await querySingle<{ n: number; h: string }>(
      ds,
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
    );
    out[t] = `${row.n}:${row.h}`;
  }
  return out;
}

/** Runs `tasks` with at most `width` in flight. */
export async function inParallel<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await defined(tasks[i], `task ${i}`)();
      }
    }),
  );
  return results;
}

export const PROBLEM_JSON = /^application\/problem\+json/;
