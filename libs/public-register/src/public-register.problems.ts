import type { ProblemSpec } from '#qcr/platform';

/** The codes match the enterprises context's: the same code means the same thing on staff and public routes. */
export const PublicRegisterProblems = {
  invalidCode: { status: 400, code: 'ENTERPRISE.INVALID_CODE', title: { zh: '企业代码不合法', en: 'Invalid enterprise code' } },
  notFound: { status: 404, code: 'ENTERPRISE.NOT_FOUND', title: { zh: '企业不存在', en: 'Enterprise not found' } },
} satisfies Record<string, ProblemSpec>;
