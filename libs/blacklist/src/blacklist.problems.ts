import type { ProblemSpec } from '#qcr/platform';

/** Stable codes of the blacklist context; one user-facing title per code, in Chinese and English. */
export const BlacklistProblems = {
  listingNotFound: { status: 404, code: 'BLACKLIST.LISTING_NOT_FOUND', title: { zh: '名单记录不存在', en: 'Listing not found' } },
  enterpriseNotFound: { status: 422, code: 'BLACKLIST.ENTERPRISE_NOT_FOUND', title: { zh: '企业未登记', en: 'Enterprise is not registered' } },
  listTypeNotFound: { status: 404, code: 'BLACKLIST.LIST_TYPE_NOT_FOUND', title: { zh: '名单类型不存在', en: 'List type not found' } },
  listTypeStale: {
    status: 412,
    code: 'BLACKLIST.LIST_TYPE_STALE',
    title: { zh: '名单类型设置已被他人修改，请刷新后重试', en: 'The list type was changed meanwhile; reload and retry' },
  },
  invalidListType: { status: 422, code: 'BLACKLIST.INVALID_LIST_TYPE', title: { zh: '名单类型设置不符合规则', en: 'List type settings not allowed' } },
  listTypeUnknown: { status: 422, code: 'BLACKLIST.LIST_TYPE_UNKNOWN', title: { zh: '名单类型不存在或已停用', en: 'Unknown or inactive list type' } },
  alreadyListed: {
    status: 409,
    code: 'BLACKLIST.ALREADY_LISTED',
    title: { zh: '该企业在此名单中已有有效列入', en: 'Enterprise already has an active listing on this list' },
  },
  invalidState: { status: 409, code: 'BLACKLIST.INVALID_STATE', title: { zh: '当前状态不允许此操作', en: 'Not allowed in the listing’s current state' } },
  fourEyes: {
    status: 403,
    code: 'BLACKLIST.FOUR_EYES',
    title: { zh: '提出人或经办人不得自行决定', en: 'The proposer or handler may not decide their own case' },
  },
  statementPeriodOpen: {
    status: 422,
    code: 'BLACKLIST.STATEMENT_PERIOD_OPEN',
    title: { zh: '陈述申辩期限尚未届满', en: 'The statement and hearing period has not ended' },
  },
  invalidDate: { status: 422, code: 'BLACKLIST.INVALID_DATE', title: { zh: '日期不符合规则', en: 'Date not allowed' } },
  repairNotEligible: {
    status: 422,
    code: 'BLACKLIST.REPAIR_NOT_ELIGIBLE',
    title: { zh: '不符合信用修复条件', en: 'Conditions for credit repair are not met' },
  },
  repairAlreadyPending: {
    status: 409,
    code: 'BLACKLIST.REPAIR_ALREADY_PENDING',
    title: { zh: '已有待审核的信用修复申请', en: 'A repair application is already pending' },
  },
  revocationPending: {
    status: 409,
    code: 'BLACKLIST.REVOCATION_PENDING',
    title: { zh: '该名单已有待审批的撤销提议', en: 'A revocation of this listing already awaits approval' },
  },
  noRevocationProposed: {
    status: 409,
    code: 'BLACKLIST.NO_REVOCATION_PROPOSED',
    title: { zh: '该名单没有待审批的撤销提议', en: 'No revocation of this listing awaits approval' },
  },
  repairNotFound: { status: 404, code: 'BLACKLIST.REPAIR_NOT_FOUND', title: { zh: '信用修复申请不存在', en: 'Repair application not found' } },
  notUpperAuthority: {
    status: 403,
    code: 'BLACKLIST.NOT_UPPER_AUTHORITY',
    title: { zh: '只有决定机关的上一级机关可以同意或不同意列入决定', en: 'Only the authority one level up may consent to this decision' },
  },
  notListingAuthority: {
    status: 403,
    code: 'BLACKLIST.NOT_LISTING_AUTHORITY',
    title: { zh: '谁列入、谁移出：只有作出列入决定的机关或其上级机关可以移出', en: 'Who listed, removes: only the deciding authority or its upper levels' },
  },
} satisfies Record<string, ProblemSpec>;
