import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addSuccessResponses } from './success-responses.js';
import { addValidationLimits } from './validation-limits.js';

/** The partner contract (issue 19): Nest's document plus problems, success schemas, limits and access. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Quality Credit Registry API (企业质量信用登记平台)')
    .setDescription(
      'Enterprise records, quality credit grades, the quality-dishonesty blacklist and joint-measure checks. ' +
        'Errors are application/problem+json (RFC 9457). Staff authenticate with a bearer token from POST /api/v1/auth/login; ' +
        'partner agencies send X-API-Key.',
    )
    .setVersion('1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An HS256 JWT from POST /api/v1/auth/login, short-lived and revocable (logout); issued and checked per RFC8725 (JWT best current practices).',
    })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  // One server: the deployment serving the document; partners reach it over the internet (x-internal false).
  document.info.license = { name: 'Proprietary: for agencies with a partner agreement' };
  document.servers = [{ url: '/', description: 'production: this deployment (the origin serving /docs)', 'x-internal': false } as never];
  addCommonProblemResponses(document);
  addSuccessResponses(document);
  describeAccess(document);
  addValidationLimits(app, document);
  return document;
}

/**
 * Public operations say so with an empty security list (redocly security-defined), and every tag an
 * operation uses is declared, in order of first use (spectral operation-tag-defined).
 */
function describeAccess(document: OpenAPIObject): void {
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Array<{ 'x-access'?: { kind: string }; security?: unknown[]; tags?: string[] }>) {
      if (!op || typeof op !== 'object') continue;
      if (op['x-access']?.kind === 'public' && !op.security) op.security = [];
      for (const tag of op.tags ?? []) tags.add(tag);
    }
  }
  document.tags = [...tags].map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness and readiness for the orchestrator',
  auth: 'Staff sign-in (bearer tokens)',
  admin: 'Staff users, partner agencies and their API keys',
  audit: 'The tamper-evident audit log (审计日志)',
  enterprises: 'Enterprise records (市场主体登记信息), imports and history',
  'credit records': 'Quality credit records (质量信用信息), objections, repair and the category catalogue',
  grading: 'Quality credit grades (信用等级), models, regrade runs and inspection plans (双随机)',
  blacklist: 'The quality-dishonesty blacklist (严重质量失信名单): proposal, decision, removal',
  measures: 'The joint-measure catalogue (联合奖惩措施)',
  checks: '联合奖惩核查: partner agencies check enterprises before granting, then record receipts and feedback',
  statistics: 'Aggregate statistics for regulators (宏观质量统计分析); no enterprise is named',
  public: 'The public register (信用信息公示): no credentials, no personal data',
};

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Every operation can answer these; documenting them once here keeps controllers thin. */
function addCommonProblemResponses(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    description: 'RFC 9457 problem details; some codes add extension members (rule, position, expected, unmet, …), which clients may ignore',
    additionalProperties: true,
    required: ['type', 'title', 'status', 'code', 'traceId'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string', description: 'zh-CN by default; English with Accept-Language: en' },
      status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      code: { type: 'string', example: 'REQUEST.VALIDATION_FAILED' },
      errors: {
        type: 'array',
        items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
      },
      traceId: { type: 'string' },
    },
  };
  const common: Record<string, string> = {
    '400': 'REQUEST.VALIDATION_FAILED / REQUEST.MALFORMED_BODY',
    '413': 'REQUEST.TOO_LARGE',
    '415': 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    '429': 'REQUEST.RATE_LIMITED (Retry-After)',
    '500': 'SERVER.INTERNAL (trace id only)',
    '503': 'SERVER.UNAVAILABLE: the database is unreachable (Retry-After)',
  };
  // By the shape of the operation: what it names may not exist; a write may meet another write or a rule.
  const byShape = (path: string, method: string, op: { parameters?: Array<{ name: string; in: string }> }): Record<string, string> => ({
    ...(path.includes('{') ? { '404': 'RESOURCE.NOT_FOUND or the context’s own *.NOT_FOUND' } : {}),
    ...(op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match') ? { '428': 'RESOURCE.PRECONDITION_REQUIRED: send If-Match' } : {}),
    ...(method !== 'get' ? { '412': 'a stale version: the If-Match or body `version` is not the current one' } : {}),
    ...(method !== 'get'
      ? { '409': 'a state conflict (the context’s code, e.g. BLACKLIST.INVALID_STATE)', '422': 'a business rule refuses it (the context’s code)' }
      : {}),
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as Array<
      [string, { parameters?: Array<{ name: string; in: string }>; responses?: Record<string, { description: string; content?: unknown }> }]
    >) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      for (const [status, description] of Object.entries({ ...common, ...byShape(path, method, op) }))
        op.responses[status] ??= { description, content: problemContent };
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !response.content) response.content = problemContent;
      }
    }
  }
}
