import type { ProblemSpec } from '#qcr/platform';

/** Stable error codes of the credit-records context. */
export const CreditProblems = {
  enterpriseNotFound: { status: 404, code: 'CREDIT.ENTERPRISE_NOT_FOUND', title: { zh: '企业不存在', en: 'Enterprise not found' } },
  recordNotFound: { status: 404, code: 'CREDIT.RECORD_NOT_FOUND', title: { zh: '信用信息不存在', en: 'Credit record not found' } },
  objectionNotFound: { status: 404, code: 'CREDIT.OBJECTION_NOT_FOUND', title: { zh: '异议不存在', en: 'Objection not found' } },
  categoryNotFound: { status: 404, code: 'CREDIT.CATEGORY_NOT_FOUND', title: { zh: '信用信息类别不存在', en: 'Credit category not found' } },
  unknownCategory: { status: 422, code: 'CREDIT.UNKNOWN_CATEGORY', title: { zh: '信用信息类别不存在或已停用', en: 'Unknown or inactive credit category' } },
  categoryExists: { status: 409, code: 'CREDIT.CATEGORY_EXISTS', title: { zh: '信用信息类别已存在', en: 'Credit category already exists' } },
  duplicate: {
    status: 409,
    code: 'CREDIT.DUPLICATE_RECORD',
    title: { zh: '同一企业同类别同文书号的信息已存在', en: 'A record with this document number already exists for the enterprise and category' },
  },
  badDates: { status: 422, code: 'CREDIT.INVALID_DATES', title: { zh: '日期不合理', en: 'Dates are not consistent' } },
  invalidTransition: {
    status: 409,
    code: 'CREDIT.INVALID_TRANSITION',
    title: { zh: '当前状态不允许此操作', en: 'Not allowed in the record’s current status' },
  },
  notRepairable: { status: 409, code: 'CREDIT.NOT_REPAIRABLE', title: { zh: '该类信息不适用信用修复', en: 'This category of information cannot be repaired' } },
  repairTooEarly: {
    status: 409,
    code: 'CREDIT.REPAIR_TOO_EARLY',
    title: { zh: '未满最短公示期，不得修复', en: 'Minimum publication period before repair not yet reached' },
  },
  objectionOpen: { status: 409, code: 'CREDIT.OBJECTION_OPEN', title: { zh: '该信息已有未处理的异议', en: 'An objection on this record is already open' } },
  objectionClosed: { status: 409, code: 'CREDIT.OBJECTION_CLOSED', title: { zh: '异议已处理', en: 'Objection already resolved' } },
  sameActor: {
    status: 403,
    code: 'CREDIT.FOUR_EYES',
    title: { zh: '提出异议者不得自行处理该异议', en: 'The person who raised an objection may not resolve it' },
  },
  revocationFourEyes: {
    status: 403,
    code: 'CREDIT.REVOCATION_FOUR_EYES',
    title: { zh: '提出撤销者不得自行批准撤销', en: 'The reviewer who proposed a revocation may not approve it' },
  },
  revocationPending: {
    status: 409,
    code: 'CREDIT.REVOCATION_PENDING',
    title: { zh: '该信息已有待审批的撤销提议', en: 'A revocation of this record already awaits approval' },
  },
  noRevocationProposed: {
    status: 409,
    code: 'CREDIT.NO_REVOCATION_PROPOSED',
    title: { zh: '该信息没有待审批的撤销提议', en: 'No revocation of this record awaits approval' },
  },
  invalidCategory: { status: 422, code: 'CREDIT.INVALID_CATEGORY', title: { zh: '信息类别设置不符合规则', en: 'Category settings not allowed' } },
  stale: { status: 412, code: 'CREDIT.STALE', title: { zh: '数据已被他人修改', en: 'Record changed meanwhile' } },
  importHeader: { status: 400, code: 'CREDIT.IMPORT_HEADER', title: { zh: '导入文件表头缺少必需列', en: 'Import file lacks required columns' } },
  importEncoding: { status: 400, code: 'CREDIT.IMPORT_ENCODING', title: { zh: '导入文件编码无法识别', en: 'Import file encoding not recognised' } },
} satisfies Record<string, ProblemSpec>;
