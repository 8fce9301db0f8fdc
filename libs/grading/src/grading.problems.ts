import type { ProblemSpec } from '#qcr/platform';

/** Stable error codes of the grading context. */
export const GradingProblems = {
  enterpriseNotFound: { status: 404, code: 'GRADING.ENTERPRISE_NOT_FOUND', title: { zh: '企业不存在', en: 'Enterprise not found' } },
  noGrade: { status: 404, code: 'GRADING.NO_GRADE', title: { zh: '该日期无评价结果', en: 'No grade on that date' } },
  badDate: { status: 400, code: 'GRADING.INVALID_DATE', title: { zh: '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' } },
  invalidModel: { status: 422, code: 'GRADING.INVALID_MODEL', title: { zh: '评价模型不合法', en: 'Grading model is not valid' } },
  modelExists: { status: 409, code: 'GRADING.MODEL_EXISTS', title: { zh: '该模型版本已存在', en: 'Model version already exists' } },
  modelAlreadyActive: { status: 409, code: 'GRADING.MODEL_ALREADY_ACTIVE', title: { zh: '该模型版本已是现行版本', en: 'Model version is already active' } },
  modelNotFound: { status: 404, code: 'GRADING.MODEL_NOT_FOUND', title: { zh: '评价模型版本不存在', en: 'Model version not found' } },
  runNotFound: { status: 404, code: 'GRADING.RUN_NOT_FOUND', title: { zh: '重评任务不存在', en: 'Regrade run not found' } },
  historyInvalid: {
    status: 422,
    code: 'GRADING.HISTORY_INVALID',
    title: { zh: '历史评价导入数据不合法，未导入任何记录', en: 'Grade history import rejected; nothing was imported' },
  },
  runActive: { status: 409, code: 'GRADING.RUN_ACTIVE', title: { zh: '已有重评任务在运行', en: 'A regrade run is already in progress' } },
  runNotResumable: { status: 409, code: 'GRADING.RUN_NOT_RESUMABLE', title: { zh: '该重评任务不可续跑', en: 'This run cannot be resumed' } },
  overrideNotFound: { status: 404, code: 'GRADING.OVERRIDE_NOT_FOUND', title: { zh: '评价调整申请不存在', en: 'Override not found' } },
  overridePending: {
    status: 409,
    code: 'GRADING.OVERRIDE_PENDING',
    title: { zh: '该企业已有待审核的评价调整', en: 'An override for this enterprise is already awaiting review' },
  },
  overrideNotProposed: { status: 409, code: 'GRADING.OVERRIDE_NOT_PROPOSED', title: { zh: '该评价调整不在待审核状态', en: 'Override is not awaiting review' } },
  fourEyes: { status: 403, code: 'GRADING.FOUR_EYES', title: { zh: '提出人不得审核自己的评价调整', en: 'The proposer may not approve their own override' } },
  overlap: { status: 409, code: 'GRADING.OVERLAPPING_GRADES', title: { zh: '评价有效期重叠', en: 'Grade validity periods overlap' } },
  planNotFound: { status: 404, code: 'GRADING.PLAN_NOT_FOUND', title: { zh: '抽查计划不存在或未公开', en: 'Inspection plan not found or not published' } },
  planPublished: { status: 409, code: 'GRADING.PLAN_PUBLISHED', title: { zh: '抽查计划已公开', en: 'Inspection plan already published' } },
  badPlan: { status: 422, code: 'GRADING.INVALID_PLAN', title: { zh: '抽查计划参数不合理', en: 'Inspection plan parameters are not consistent' } },
} satisfies Record<string, ProblemSpec>;
