import { HttpException } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export interface ProblemSpec {
  status: number;
  /** Stable machine code, e.g. BLACKLIST.ALREADY_LISTED */
  code: string;
  title: { zh: string; en: string };
}

/** A domain error with a stable code; the global filter renders it as RFC 9457 problem+json. */
export class ProblemException extends HttpException {
  constructor(
    readonly spec: ProblemSpec,
    readonly detail?: string,
    readonly errors: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? spec.title.en, spec.status);
  }
}

/** Generic problems shared by every context; contexts define their own codes beside these. */
export const CommonProblems = {
  validation: { status: 400, code: 'REQUEST.VALIDATION_FAILED', title: { zh: '请求参数校验失败', en: 'Request validation failed' } },
  malformedBody: { status: 400, code: 'REQUEST.MALFORMED_BODY', title: { zh: '请求体格式错误', en: 'Malformed request body' } },
  unauthenticated: { status: 401, code: 'AUTH.UNAUTHENTICATED', title: { zh: '未认证或凭证无效', en: 'Authentication required' } },
  forbidden: { status: 403, code: 'AUTH.FORBIDDEN', title: { zh: '无权执行此操作', en: 'Not allowed' } },
  notFound: { status: 404, code: 'RESOURCE.NOT_FOUND', title: { zh: '资源不存在', en: 'Not found' } },
  methodNotAllowed: { status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED', title: { zh: '方法不允许', en: 'Method not allowed' } },
  notAcceptable: { status: 406, code: 'REQUEST.NOT_ACCEPTABLE', title: { zh: '无法提供所请求的格式', en: 'Not acceptable' } },
  conflict: { status: 409, code: 'RESOURCE.CONFLICT', title: { zh: '与当前状态冲突', en: 'Conflict' } },
  preconditionFailed: { status: 412, code: 'RESOURCE.STALE', title: { zh: '数据已被他人修改', en: 'Precondition failed: stale version' } },
  preconditionRequired: { status: 428, code: 'RESOURCE.PRECONDITION_REQUIRED', title: { zh: '缺少版本前提条件', en: 'Precondition required' } },
  uriTooLong: { status: 414, code: 'REQUEST.URI_TOO_LONG', title: { zh: '请求地址过长', en: 'URI too long' } },
  payloadTooLarge: { status: 413, code: 'REQUEST.TOO_LARGE', title: { zh: '请求体过大', en: 'Payload too large' } },
  unsupportedMediaType: { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', title: { zh: '不支持的内容类型', en: 'Unsupported media type' } },
  unprocessable: { status: 422, code: 'REQUEST.UNPROCESSABLE', title: { zh: '业务规则不允许', en: 'Unprocessable entity' } },
  tooManyRequests: { status: 429, code: 'REQUEST.RATE_LIMITED', title: { zh: '请求过于频繁', en: 'Too many requests' } },
  internal: { status: 500, code: 'SERVER.INTERNAL', title: { zh: '服务器内部错误', en: 'Internal server error' } },
  unavailable: { status: 503, code: 'SERVER.UNAVAILABLE', title: { zh: '服务暂不可用', en: 'Service unavailable' } },
} satisfies Record<string, ProblemSpec>;

export function problem(spec: ProblemSpec, detail?: string, errors: FieldProblem[] = [], extra: Record<string, unknown> = {}) {
  return new ProblemException(spec, detail, errors, extra);
}

export function fieldProblem(field: string, rule: string, message: string): FieldProblem {
  return { field, rule, message };
}
