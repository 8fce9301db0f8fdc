import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from '../database/transaction.js';
import { CommonProblems, type ProblemSpec, ProblemException } from './problem.js';

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few seconds). */
const DATABASE_RETRY_AFTER_S = 5;

interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body: string): void;
  sent?: boolean;
}

/** Retry-After is seconds (a number) or an HTTP date (a string); anything else is rendered as JSON, never `[object Object]`. */
const headerText = (v: unknown): string => (typeof v === 'number' || typeof v === 'string' ? String(v) : JSON.stringify(v));

export interface Req {
  id?: string;
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

const byStatus: Record<number, ProblemSpec> = Object.fromEntries(Object.values(CommonProblems).map((p) => [p.status, p]));

function wantsEnglish(req: Req): boolean {
  const lang = String(req.headers['accept-language'] ?? '');
  return /^\s*en/i.test(lang);
}

// busboy (under @fastify/multipart) reports a broken multipart body with plain Errors (issue 13 §9).
const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of (multipart data|form)|(Part|File|Field) terminated early|Malformed part header)/;
function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && MULTIPART_BROKEN.test(err.message);
}

/** Translates a framework or Fastify error (body parsing, size, content type) to a problem spec. */
function specForFrameworkError(err: { statusCode?: number; code?: string; status?: number }): ProblemSpec | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return CommonProblems.payloadTooLarge;
  if (err.code === 'QCR_RATE_LIMITED') return CommonProblems.tooManyRequests;
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_INVALID_URL') return CommonProblems.validation;
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return CommonProblems.uriTooLong;
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return CommonProblems.unsupportedMediaType;
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return CommonProblems.malformedBody;
  if (err instanceof SyntaxError) return CommonProblems.malformedBody;
  if (isMalformedMultipart(err)) return CommonProblems.malformedBody;
  const status = err.statusCode ?? err.status;
  return status && status >= 400 && status < 500 ? byStatus[status] : undefined;
}

export interface RenderedProblem {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Turns any thrown value into an RFC 9457 problem; 500s reveal only the trace id. */
export function renderProblem(exception: unknown, req: Req, log: (traceId: string, err: unknown) => void): RenderedProblem {
  const traceId = String(req.id ?? randomUUID());
  const en = wantsEnglish(req);
  let spec: ProblemSpec = CommonProblems.internal;
  let detail: string | undefined;
  let body: Record<string, unknown> = {};
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json; charset=utf-8' };

  if (exception instanceof ProblemException) {
    spec = exception.spec;
    detail = exception.detail;
    body = { ...exception.extra };
    if (exception.errors.length) body.errors = exception.errors;
    if (exception.extra.retryAfter !== undefined) headers['Retry-After'] = headerText(exception.extra.retryAfter);
    if (typeof exception.extra.location === 'string') headers['Location'] = exception.extra.location;
  } else if (exception instanceof HttpException) {
    const status = exception.getStatus();
    spec = byStatus[status] ?? { ...CommonProblems.internal, status, code: `HTTP.${status}` };
    const response = exception.getResponse();
    const message = typeof response === 'object' && response ? (response as { message?: unknown }).message : response;
    if (status < 500) detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
    if (status === 404 && detail?.startsWith('Cannot ')) detail = `No route ${req.method ?? ''} ${req.url ?? ''}`.trim();
  } else if (isDatabaseUnavailable(exception)) {
    spec = CommonProblems.unavailable;
    headers['Retry-After'] = String(DATABASE_RETRY_AFTER_S);
  } else {
    const frameworkSpec = specForFrameworkError(exception ?? {});
    if (frameworkSpec) {
      spec = frameworkSpec;
      detail =
        spec !== CommonProblems.malformedBody
          ? (exception as Error).message
          : isMalformedMultipart(exception)
            ? `The multipart body is malformed: ${(exception as Error).message}`
            : 'The request body is not valid JSON';
      const retry = (exception as { retryAfter?: unknown }).retryAfter;
      if (retry !== undefined) headers['Retry-After'] = headerText(retry);
    }
  }

  if (spec === CommonProblems.unavailable) {
    // Every 503 says when to come back, /health/ready's included (terminus throws a plain 503; issue 25).
    headers['Retry-After'] ??= String(DATABASE_RETRY_AFTER_S);
    log(traceId, exception);
    detail = en
      ? `The registry's database is unavailable; retry in ${DATABASE_RETRY_AFTER_S} s. A write answered with this status may or may not have been applied: look it up before repeating it (trace id ${traceId})`
      : `登记平台数据库暂不可用，请 ${DATABASE_RETRY_AFTER_S} 秒后重试；写操作是否已生效，请先查询确认再重复提交（追踪号 ${traceId}）`;
    body = {};
  } else if (spec.status >= 500) {
    log(traceId, exception);
    detail = en ? `Internal error; quote trace id ${traceId}` : `服务器内部错误，请提供追踪号 ${traceId}`;
    body = {};
  }
  // Extension members never replace the RFC 9457 members (a record's `status: 'active'` once did; issue 19).
  const payload = {
    ...body,
    type: `https://qcr.example.gov.cn/problems/${spec.code.toLowerCase().replace(/[._]/g, '-')}`,
    title: en ? spec.title.en : spec.title.zh,
    status: spec.status,
    detail,
    code: spec.code,
    traceId,
  };
  return { status: spec.status, headers, body: JSON.stringify(payload) };
}

/** The Nest side: every exception a handler, guard or pipe throws. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<Reply>();
    if (reply.sent) return;
    const problem = renderProblem(exception, ctx.getRequest<Req>(), (traceId, err) => this.logger.error({ traceId, err }, `Unhandled error ${traceId}`));
    reply.status(problem.status);
    for (const [k, v] of Object.entries(problem.headers)) reply.header(k, v);
    reply.send(problem.body);
  }
}
