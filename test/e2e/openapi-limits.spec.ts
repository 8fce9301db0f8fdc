import { readFileSync } from 'node:fs';
import { defined } from './typed-http.js';

/**
 * The committed document states the limits the validation pipe enforces (issue 19); openapi.spec.ts
 * proves the committed document is the generated one, so this reads the file.
 */
type Schema = {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
  maxLength?: number;
  enum?: unknown[];
  format?: string;
  [k: string]: unknown;
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const schemas = doc.components.schemas;
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
);
const named = (name: string): Schema => defined(schemas[name], `the schema ${name} of openapi.json`);
const resolve = (s: Schema): Schema => (s.$ref ? named(s.$ref.split('/').pop() ?? '') : s);
const parameters = (path: string): Parameter[] => defined(doc.paths[path]?.get?.parameters, `the parameters of GET ${path}`);

// Inputs the server reads without a length rule of its own; the body limit and the header limit bound them.
const UNBOUNDED_BY_DESIGN = new Set(['fileName', 'If-Match']);

function bounded(s: Schema): boolean {
  return s.type !== 'string' || s.maxLength !== undefined || s.enum !== undefined || s.format === 'binary';
}

function jsonBodies(): Array<{ name: string; schema: Schema }> {
  return operations.flatMap(({ name, op }) => {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    return schema ? [{ name, schema: resolve(schema) }] : [];
  });
}

describe('OpenAPI request limits', () => {
  it('closes every JSON body: the pipe rejects unknown fields', () => {
    const open = jsonBodies()
      .filter(({ schema }) => schema.additionalProperties !== false)
      .map(({ name }) => name);
    expect(open).toEqual([]);
  });

  it('bounds every string a client sends (maxLength, enum or pattern-derived length)', () => {
    const unbounded: string[] = [];
    for (const { name, schema } of jsonBodies()) {
      for (const [prop, s] of Object.entries(schema.properties ?? {})) {
        const leaf = resolve(s);
        if (!bounded(leaf.type === 'array' ? resolve(leaf.items ?? {}) : leaf)) unbounded.push(`${name} body.${prop}`);
      }
    }
    for (const { name, op } of operations) {
      for (const p of op.parameters ?? []) {
        if (!UNBOUNDED_BY_DESIGN.has(p.name) && !bounded(p.schema ?? {})) unbounded.push(`${name} ${p.in}.${p.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('states the batch, paging and date limits the server enforces', () => {
    const batch = named('BatchCheckDto').properties!.codes;
    expect(batch).toMatchObject({ maxItems: 10_000, items: { maxLength: 64 } });
    const log = parameters('/api/v1/checks/log');
    expect(log.find((p) => p.name === 'limit')!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(log.find((p) => p.name === 'from')!.schema).toMatchObject({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
    const receipt = parameters('/api/v1/checks/receipts/{receiptId}');
    expect(receipt.find((p) => p.name === 'receiptId')!.schema).toMatchObject({ format: 'uuid' });
    expect(named('RegisterEnterpriseDto').properties!.regionCode).toMatchObject({ pattern: '^\\d{6}$', maxLength: 6 });
  });
});
