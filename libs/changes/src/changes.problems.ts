import type { ProblemSpec } from '#qcr/platform';

/** Stable problem codes of the changes context (CHANGES.*: the feed; WATCHLISTS.*; WEBHOOKS.*). */
export const ChangeProblems = {
  gone: {
    status: 410,
    code: 'CHANGES.CURSOR_GONE',
    title: { zh: '该游标之后的变更已超过保留期被清除', en: 'Changes after this cursor are past retention' },
  },
  badCursor: { status: 400, code: 'CHANGES.BAD_CURSOR', title: { zh: '变更游标无效', en: 'Invalid change cursor' } },
  watchlistTooLarge: {
    status: 413,
    code: 'WATCHLISTS.TOO_LARGE',
    title: { zh: '关注名单超过 100000 个代码', en: 'Watchlist larger than 100,000 codes' },
  },
  watchlistEmpty: { status: 400, code: 'WATCHLISTS.EMPTY', title: { zh: '关注名单没有代码', en: 'Watchlist contains no codes' } },
  watchlistNotFound: { status: 404, code: 'WATCHLISTS.NOT_FOUND', title: { zh: '关注名单不存在', en: 'Watchlist not found' } },
  badList: { status: 400, code: 'WATCHLISTS.BAD_FILE', title: { zh: '名单文件无法读取', en: 'List file could not be read' } },
  agencyRequired: {
    status: 400,
    code: 'WATCHLISTS.AGENCY_REQUIRED',
    title: { zh: '工作人员须指明合作部门', en: 'Staff must name the agency' },
  },
  purposeNotAllowed: {
    status: 403,
    code: 'AUTH.PURPOSE_NOT_ALLOWED',
    title: { zh: '该合作部门未获准此核查用途', en: 'Purpose not allowed for this agency' },
  },
  badWebhookUrl: { status: 400, code: 'WEBHOOKS.BAD_URL', title: { zh: '回调地址不被允许', en: 'Webhook URL not allowed' } },
  webhookNotFound: { status: 404, code: 'WEBHOOKS.NOT_FOUND', title: { zh: '回调地址不存在', en: 'Webhook endpoint not found' } },
  deliveryNotDead: {
    status: 404,
    code: 'WEBHOOKS.NOT_A_DEAD_LETTER',
    title: { zh: '该投递不在死信列表中', en: 'Delivery is not in the dead-letter list' },
  },
  extractNotFound: { status: 404, code: 'EXTRACTS.NOT_FOUND', title: { zh: '数据包文件不存在', en: 'Extract file not found' } },
} satisfies Record<string, ProblemSpec>;
