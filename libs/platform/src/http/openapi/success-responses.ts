import { ApiExtension } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { responseCatalogue } from './responses.generated.js';

type Schema = Record<string, unknown>;
interface Response {
  description: string;
  content?: Record<string, { schema: Schema }>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, Response>;
  'x-response-headers'?: string[];
}

const RESPONSE_HEADERS: Record<string, { description: string; schema: Schema }> = {
  'X-Request-Id': {
    description: 'Our id for this request (the trace id of a problem, the request id in the audit log)',
    schema: { type: 'string', format: 'uuid' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute for the calling address',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 } },
  'X-RateLimit-Reset': { description: 'Seconds until the quota refills', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 60 } },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 } },
  ETag: { description: 'The version read; send it back as If-Match to change the record', schema: { type: 'string', maxLength: 32, example: 'W/"3"' } },
  Location: { description: 'Where the record lives', schema: { type: 'string', format: 'uri-reference', maxLength: 200 } },
  'Content-Disposition': { description: 'The file name to save the download as', schema: { type: 'string', maxLength: 200 } },
};

/** Response headers an operation sets itself (ETag, Location, …), beside the ones every answer carries. */
export const ReturnsHeaders = (...names: Array<keyof typeof RESPONSE_HEADERS>) => ApiExtension('x-response-headers', names);

const BINARY = new Set(['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
const DEFAULT_DESCRIPTION: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'No content' };

/**
 * Success responses from the generated catalogue (test/contract/response-types.ts: the types the
 * controllers return), keyed by operationId; every answer documents X-Request-Id and the rate-limit
 * headers, 429 documents Retry-After (issue 19).
 */
export function addSuccessResponses(document: OpenAPIObject): void {
  Object.assign(((document.components ??= {}).schemas ??= {}), responseCatalogue.schemas);
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Operation[]) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      // Nest suffixes [0], [1] to the operationId of a method mounted on several paths.
      const entry = op.operationId ? responseCatalogue.operations[op.operationId.replace(/\[\d+\]$/, '')] : undefined;
      const own = op['x-response-headers'] ?? [];
      delete op['x-response-headers'];
      if (entry) {
        const statuses = new Set([String(entry.status), ...Object.keys(op.responses).filter((s) => s.startsWith('2'))]);
        for (const status of statuses) op.responses[status] = successResponse(op.responses[status], status, entry, own);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        response.headers = { ...commonHeaders(status, own), ...response.headers };
      }
    }
  }
}

function successResponse(existing: Response | undefined, status: string, entry: { schema?: Schema; media?: readonly string[] }, own: string[]): Response {
  const content: Record<string, { schema: Schema }> = {};
  if (entry.schema && status !== '204') content['application/json'] = { schema: entry.schema };
  for (const media of entry.media ?? []) {
    // JSON declared beside other media by a method whose return type is not JSON (a file that may be a .json): any object
    if (media === 'application/json' && !content[media]) content[media] = { schema: { type: 'object', additionalProperties: true } };
    if (media === 'application/json') continue;
    content[media] = { schema: BINARY.has(media) ? { type: 'string', format: 'binary' } : { type: 'string', maxLength: 50_000_000 } };
  }
  const response: Response = { description: existing?.description || DEFAULT_DESCRIPTION[status] || 'Success' };
  if (Object.keys(content).length) response.content = content;
  if (own.length) response.headers = Object.fromEntries(own.map((h) => [h, RESPONSE_HEADERS[h]]));
  return response;
}

function commonHeaders(status: string, own: string[]): Record<string, unknown> {
  const headers: Record<string, unknown> = { 'X-Request-Id': RESPONSE_HEADERS['X-Request-Id'] };
  for (const h of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) headers[h] = RESPONSE_HEADERS[h];
  if (status === '429' || status === '503') headers['Retry-After'] = RESPONSE_HEADERS['Retry-After'];
  if (status.startsWith('2') && own.includes('Content-Disposition')) headers['Content-Disposition'] = RESPONSE_HEADERS['Content-Disposition'];
  return headers;
}
