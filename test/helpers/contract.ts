import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';

/**
 * Every response an e2e test receives is checked against the committed openapi.json (issue 19):
 * status documented, media type documented, body valid against its schema. Objects are checked
 * closed here — a field the document lacks is drift — while the document itself stays open, because
 * v1 may add fields and clients must ignore the ones they do not know (docs/partners.md, versioning).
 * createTestApp installs it as a Fastify onSend hook and fails the suite at close() on a violation.
 */
type Schema = Record<string, unknown>;
interface Response {
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
export interface ObservedResponse {
  method: string;
  /** the Fastify route pattern, e.g. /api/v1/checks/:code */
  route: string;
  status: number;
  contentType: string | undefined;
  body: string;
  /** a stream (a file download): checked by status and media type only */
  streamed?: boolean;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function loadCommittedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync('openapi.json', 'utf8')) as OpenApiDocument;
}

export class ContractCheck {
  private readonly found: string[] = [];
  /** responses seen but not yet checked: checking waits until someone asks, off the request path */
  private readonly pending: ObservedResponse[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument = loadCommittedDocument()) {
    this.ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ components: { schemas: closeObjects(document.components.schemas) } }, 'doc');
  }

  /** The problems with one response, [] when it keeps the contract; routes outside the document are not checked. */
  check(r: ObservedResponse): string[] {
    const path = r.route.replace(/:(\w+)/g, '{$1}');
    const op = this.document.paths[path]?.[r.method.toLowerCase()];
    if (!op) return [];
    const where = `${r.method} ${path} → ${r.status}`;
    const response = op.responses[String(r.status)] ?? op.responses.default;
    if (!response) return [`${where}: status not documented`];
    const media = r.contentType?.replace(/;.*$/s, '').trim().toLowerCase();
    if (!response.content) return r.body.length && r.status !== 204 ? [`${where}: body sent where none is documented`] : [];
    if (!media || !response.content[media]) return [`${where}: media type ${media ?? 'none'} not documented (${Object.keys(response.content).join(', ')})`];
    const schema = response.content[media].schema;
    if (!schema || !media.includes('json') || r.streamed) return [];
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      return [`${where}: body is not JSON`];
    }
    const validate = this.validator(`${where} ${media}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${where}: ${e.instancePath || '(body)'} ${e.message}${extra}`;
    });
  }

  record(r: ObservedResponse): void {
    this.pending.push(r);
  }

  /** Every violation among the responses recorded so far. */
  get violations(): string[] {
    for (const r of this.pending.splice(0)) this.found.push(...this.check(r));
    return this.found;
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(closeObjects({ s: schema }).s).replaceAll('"#/components/', '"doc#/components/')));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/**
 * A copy in which every object schema that lists properties and says nothing else admits no others,
 * and `nullable` is an explicit null alternative.
 */
function closeObjects<T>(value: T): T {
  if (Array.isArray(value)) return value.map(closeObjects) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(value))
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // OpenAPI 3.0's nullable, spelled as JSON Schema: Ajv's own support needs `type` beside it and no enum.
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] } as T;
  }
  return out as T;
}

interface HookHost {
  addHook(
    name: 'onSend',
    hook: (
      request: { method: string; routeOptions: { url?: string } },
      reply: { statusCode: number; getHeader(name: string): unknown },
      payload: unknown,
    ) => Promise<unknown>,
  ): void;
}

/** Checks every response the app sends; payloads that are streams (file downloads) are checked by status and type only. */
export function installContractCheck(fastify: HookHost, check: ContractCheck): void {
  fastify.addHook('onSend', (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route) return Promise.resolve(payload);
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    const contentType = reply.getHeader('content-type');
    const streamed = typeof payload !== 'string' && !Buffer.isBuffer(payload) && payload !== null && payload !== undefined;
    check.record({
      method: request.method,
      route,
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      body,
      streamed,
    });
    return Promise.resolve(payload);
  });
}
