import type { ProblemSpec } from '#qcr/platform';

export const AccessProblems = {
  badCredentials: { status: 401, code: 'AUTH.BAD_CREDENTIALS', title: { zh: '用户名或密码错误', en: 'Wrong username or password' } },
  badApiKey: { status: 401, code: 'AUTH.BAD_API_KEY', title: { zh: 'API 密钥无效、已吊销或已过期', en: 'API key invalid, revoked or expired' } },
  loginLocked: {
    status: 429,
    code: 'AUTH.LOGIN_LOCKED',
    title: { zh: '登录失败次数过多，账户或地址已暂时锁定', en: 'Too many failed logins: temporarily locked' },
  },
  loginBackoff: { status: 429, code: 'AUTH.LOGIN_BACKOFF', title: { zh: '登录失败过多，请稍后再试', en: 'Too many failed logins: wait before retrying' } },
  purposeNotAllowed: { status: 403, code: 'AUTH.PURPOSE_NOT_ALLOWED', title: { zh: '该合作部门未获准此核查用途', en: 'Purpose not allowed for this agency' } },
  usernameTaken: { status: 409, code: 'ACCESS.USERNAME_TAKEN', title: { zh: '用户名已存在', en: 'Username already exists' } },
  agencyCodeTaken: { status: 409, code: 'ACCESS.AGENCY_CODE_TAKEN', title: { zh: '合作部门代码已存在', en: 'Agency code already exists' } },
  userNotFound: { status: 404, code: 'ACCESS.USER_NOT_FOUND', title: { zh: '用户不存在', en: 'User not found' } },
  agencyNotFound: { status: 404, code: 'ACCESS.AGENCY_NOT_FOUND', title: { zh: '合作部门不存在', en: 'Agency not found' } },
  freshAccount: {
    status: 403,
    code: 'ACCESS.FRESH_ACCOUNT',
    title: {
      zh: '由提出人新近创建或授权的账号不得担任第二审核人',
      en: 'An account the proposer recently created or granted a role cannot be the second reviewer',
    },
  },
  keyNotFound: { status: 404, code: 'ACCESS.KEY_NOT_FOUND', title: { zh: 'API 密钥不存在', en: 'API key not found' } },
} satisfies Record<string, ProblemSpec>;
