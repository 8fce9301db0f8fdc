import type { ProblemSpec } from '#qcr/platform';

/** Stable problem codes of the joint-measures context (CHECKS.* for checks, MEASURES.* for the catalogue). */
export const MeasureProblems = {
  notFound: { status: 404, code: 'MEASURES.NOT_FOUND', title: { zh: '联合奖惩措施不存在', en: 'Measure not found' } },
  codeTaken: { status: 409, code: 'MEASURES.CODE_TAKEN', title: { zh: '措施代码已存在', en: 'Measure code already exists' } },
  stale: { status: 412, code: 'MEASURES.STALE', title: { zh: '措施已被他人修改，请刷新后重试', en: 'Measure was changed by someone else' } },
  triggerGrade: {
    status: 400,
    code: 'MEASURES.TRIGGER_GRADE',
    title: { zh: '触发条件与等级不匹配', en: 'Trigger and trigger grade do not match' },
  },
} satisfies Record<string, ProblemSpec>;

export const CheckProblems = {
  invalidCode: {
    status: 400,
    code: 'CHECKS.INVALID_CODE',
    title: { zh: '统一社会信用代码或组织机构代码无效', en: 'Invalid USCC or organisation code' },
  },
  unknownPurpose: { status: 400, code: 'CHECKS.UNKNOWN_PURPOSE', title: { zh: '核查用途无效', en: 'Unknown check purpose' } },
  invalidAsOf: { status: 400, code: 'CHECKS.INVALID_AS_OF', title: { zh: '核查日期无效', en: 'Invalid as-of date' } },
  // Same code as the access guard's, for the paths the guard cannot see (multipart fields).
  purposeNotAllowed: {
    status: 403,
    code: 'AUTH.PURPOSE_NOT_ALLOWED',
    title: { zh: '该合作部门未获准此核查用途', en: 'Purpose not allowed for this agency' },
  },
  batchTooLarge: { status: 413, code: 'CHECKS.BATCH_TOO_LARGE', title: { zh: '批量核查超过 10000 条', en: 'Batch larger than 10,000 codes' } },
  batchEmpty: { status: 400, code: 'CHECKS.BATCH_EMPTY', title: { zh: '批量核查没有代码', en: 'Batch contains no codes' } },
  badCsv: { status: 400, code: 'CHECKS.BAD_CSV', title: { zh: 'CSV 文件无法读取', en: 'CSV file could not be read' } },
  receiptNotFound: { status: 404, code: 'CHECKS.RECEIPT_NOT_FOUND', title: { zh: '核查回执不存在', en: 'Check receipt not found' } },
  batchNotFound: { status: 404, code: 'CHECKS.BATCH_NOT_FOUND', title: { zh: '核查批次不存在', en: 'Check batch not found' } },
  pdfFontMissing: {
    status: 503,
    code: 'CHECKS.PDF_FONT_MISSING',
    title: { zh: 'PDF 所需中文字体未安装', en: 'The CJK font for PDF reports is not installed' },
  },
  notYourReceipt: {
    status: 403,
    code: 'CHECKS.NOT_YOUR_RECEIPT',
    title: { zh: '只能对本人发起的核查反馈', en: 'Feedback only on your own checks' },
  },
  feedbackExists: { status: 409, code: 'CHECKS.FEEDBACK_EXISTS', title: { zh: '该回执已反馈', en: 'Feedback already given for this receipt' } },
  measureNotOnReceipt: {
    status: 422,
    code: 'CHECKS.MEASURE_NOT_ON_RECEIPT',
    title: { zh: '反馈的措施不在该回执的适用措施中', en: 'Measure was not among those the receipt listed' },
  },
} satisfies Record<string, ProblemSpec>;
