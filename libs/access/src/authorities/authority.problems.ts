import type { ProblemSpec } from '#qcr/platform';

export const AuthorityProblems = {
  notFound: { status: 404, code: 'ACCESS.AUTHORITY_NOT_FOUND', title: { zh: '监管机关不存在', en: 'Authority not found' } },
  unknown: { status: 422, code: 'ACCESS.AUTHORITY_UNKNOWN', title: { zh: '所指定的监管机关不存在', en: 'The named authority does not exist' } },
  nameTaken: { status: 409, code: 'ACCESS.AUTHORITY_NAME_TAKEN', title: { zh: '监管机关名称已存在', en: 'Authority name already exists' } },
  shape: {
    status: 422,
    code: 'ACCESS.AUTHORITY_SHAPE',
    title: { zh: '机关层级、区划或上级机关不一致', en: 'Level, region and parent authority do not fit together' },
  },
  levelUnknown: { status: 404, code: 'ACCESS.AUTHORITY_LEVEL_UNKNOWN', title: { zh: '机关层级不存在', en: 'Authority level not found' } },
} satisfies Record<string, ProblemSpec>;
