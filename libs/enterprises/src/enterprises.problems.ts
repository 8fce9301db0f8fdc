import type { ProblemSpec } from '#qcr/platform';

export const EnterpriseProblems = {
  invalidCode: { status: 400, code: 'ENTERPRISE.INVALID_CODE', title: { zh: '企业代码不合法', en: 'Invalid enterprise code' } },
  notFound: { status: 404, code: 'ENTERPRISE.NOT_FOUND', title: { zh: '企业不存在', en: 'Enterprise not found' } },
  notYetRegistered: { status: 404, code: 'ENTERPRISE.NOT_AS_OF', title: { zh: '该日期企业尚无记录', en: 'No record of the enterprise on that date' } },
  alreadyRegistered: { status: 409, code: 'ENTERPRISE.ALREADY_REGISTERED', title: { zh: '企业已登记', en: 'Enterprise already registered' } },
  usccConflict: {
    status: 409,
    code: 'ENTERPRISE.USCC_CONFLICT',
    title: { zh: '统一社会信用代码与已登记记录冲突', en: 'USCC conflicts with the registered record' },
  },
  stale: { status: 412, code: 'ENTERPRISE.STALE', title: { zh: '企业档案已被他人修改', en: 'The record changed since you read it' } },
  versionRequired: { status: 428, code: 'ENTERPRISE.IF_MATCH_REQUIRED', title: { zh: '修改需携带 If-Match 版本', en: 'If-Match required' } },
  unknownReference: { status: 422, code: 'ENTERPRISE.UNKNOWN_REFERENCE', title: { zh: '行政区划或行业代码不存在', en: 'Unknown division or industry code' } },
  industry2011Ambiguous: {
    status: 422,
    code: 'ENTERPRISE.INDUSTRY_2011_AMBIGUOUS',
    title: { zh: '2011 版行业代码对应多个 2017 版代码', en: 'The GB/T 4754-2011 code corresponds to several 2017 codes' },
  },
  effectiveDate: { status: 422, code: 'ENTERPRISE.EFFECTIVE_DATE', title: { zh: '生效日期不合规', en: 'Effective date not allowed' } },
  exceptionNotAllowed: {
    status: 403,
    code: 'ENTERPRISE.EXCEPTION_NOT_ALLOWED',
    title: { zh: '无权登记例外代码', en: 'Not allowed to register a code exception' },
  },
  importEncoding: { status: 400, code: 'ENTERPRISE.IMPORT_ENCODING', title: { zh: '导入文件编码无法识别', en: 'Import file encoding not recognised' } },
  importHeader: { status: 400, code: 'ENTERPRISE.IMPORT_HEADER', title: { zh: '导入文件表头缺少必需列', en: 'Import file lacks required columns' } },
  importNotFound: { status: 404, code: 'ENTERPRISE.IMPORT_NOT_FOUND', title: { zh: '导入任务不存在', en: 'Import not found' } },
} satisfies Record<string, ProblemSpec>;
