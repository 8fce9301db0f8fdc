import { addTexts } from '../i18n.js';

// Texts of the administrator's screens (issue 16): users, agencies, API keys, measures.
addTexts({
  zh: {
    'admin.title': '系统管理', 'admin.users': '工作人员与角色', 'admin.agencies': '合作部门', 'admin.keys': 'API 密钥', 'admin.measures': '联合奖惩措施目录',
    'admin.username': '用户名', 'admin.displayName': '姓名', 'admin.password': '初始密码（至少 12 位）', 'admin.roles': '角色', 'admin.active': '状态',
    'admin.createUser': '新增工作人员', 'admin.userDone': '已新增工作人员：{name}', 'admin.enabled': '启用', 'admin.disabled': '停用',
    'admin.code': '代码', 'admin.name': '名称', 'admin.department': '所属部门', 'admin.purposes': '允许的核查用途', 'admin.createAgency': '登记合作部门',
    'admin.agencyDone': '已登记合作部门：{name}', 'admin.showKeys': '管理密钥', 'admin.keyLabel': '用途说明', 'admin.validDays': '有效天数（1–730）',
    'admin.issueKey': '签发密钥', 'admin.keyOnce': '新密钥只显示这一次，请立即复制并通过安全渠道交给合作部门：', 'admin.prefix': '前缀', 'admin.expires': '到期',
    'admin.revoked': '已吊销', 'action.revokeKey': '吊销密钥', 'confirm.revokeKey': '吊销后该密钥立即失效，使用它的系统将无法再核查。',
    'admin.department2': '实施部门', 'admin.trigger': '触发条件', 'admin.kind': '类型', 'action.retireMeasure': '停用措施',
    'confirm.retireMeasure': '停用后此措施不再适用于新的核查；已出具的回执仍保留其名称。', 'trigger.listed': '列入严重失信名单', 'trigger.grade_at_most': '等级不高于 {g}',
    'trigger.grade_at_least': '等级不低于 {g}', 'kind.restriction': '惩戒', 'kind.incentive': '激励',
    'role.registrar': '信息录入员', 'role.grader': '评价员', 'role.officer': '认定人员', 'role.reviewer': '审核人', 'role.auditor': '审计', 'role.admin': '管理员',
  },
  en: {
    'admin.title': 'Administration', 'admin.users': 'Staff and roles', 'admin.agencies': 'Partner agencies', 'admin.keys': 'API keys', 'admin.measures': 'Joint measure catalogue',
    'admin.username': 'User name', 'admin.displayName': 'Name', 'admin.password': 'Initial password (12+ characters)', 'admin.roles': 'Roles', 'admin.active': 'State',
    'admin.createUser': 'Add staff user', 'admin.userDone': 'Staff user added: {name}', 'admin.enabled': 'active', 'admin.disabled': 'disabled',
    'admin.code': 'Code', 'admin.name': 'Name', 'admin.department': 'Department', 'admin.purposes': 'Purposes allowed', 'admin.createAgency': 'Register agency',
    'admin.agencyDone': 'Agency registered: {name}', 'admin.showKeys': 'Manage keys', 'admin.keyLabel': 'Label', 'admin.validDays': 'Valid for (days, 1–730)',
    'admin.issueKey': 'Issue key', 'admin.keyOnce': 'The new key is shown this once: copy it now and hand it to the agency over a secure channel:', 'admin.prefix': 'Prefix', 'admin.expires': 'Expires',
    'admin.revoked': 'revoked', 'action.revokeKey': 'Revoke key', 'confirm.revokeKey': 'Once revoked the key stops working at once; systems using it can no longer check.',
    'admin.department2': 'Department', 'admin.trigger': 'Trigger', 'admin.kind': 'Kind', 'action.retireMeasure': 'Retire measure',
    'confirm.retireMeasure': 'Once retired the measure no longer applies to new checks; receipts already issued keep naming it.', 'trigger.listed': 'on the serious-dishonesty list', 'trigger.grade_at_most': 'grade {g} or worse',
    'trigger.grade_at_least': 'grade {g} or better', 'kind.restriction': 'restriction', 'kind.incentive': 'incentive',
    'role.registrar': 'Registrar', 'role.grader': 'Grader', 'role.officer': 'Blacklist officer', 'role.reviewer': 'Reviewer', 'role.auditor': 'Auditor', 'role.admin': 'Administrator',
  },
});
