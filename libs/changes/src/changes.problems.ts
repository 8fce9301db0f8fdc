import type { ProblemSpec } from '#qcr/platform';

/** Stable problem codes of the changes context (CHANGES.*: the feed; WATCHLISTS.*; WEBHOOKS.*). */
export const ChangeProblems = {
  gone: {
    status: 410,
    code: 'CHANGES.CURSOR_GONE',
    title: { zh: '该游标之后的变更已超过保留期被清除', en: 'Changes after this cursor are past retention' },
  },
  badCursor: { status: 400, code: 'CHANGES.BAD_CURSOR', title: { zh: '变更游标无效', en: 'Invalid change cursor' } },
} satisfies Record<string, ProblemSpec>;
