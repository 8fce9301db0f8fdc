import { addTexts } from '../i18n.js';

// Texts of the registrar's screens (issue 16): registration, correction, rename, status, credit records.
addTexts({
  zh: {
    'reg.title': '登记企业', 'reg.code': '统一社会信用代码或组织机构代码', 'reg.codeOk': '代码格式正确（{kind}）', 'reg.kind.uscc': '统一社会信用代码', 'reg.kind.org': '组织机构代码',
    'reg.name': '企业名称', 'reg.legalRep': '法定代表人姓名', 'reg.legalRepId': '法定代表人身份证号（可选）', 'reg.industry': '所属行业（GB/T 4754 门类）',
    'reg.region': '行政区划代码（可选，默认取自代码）', 'reg.address': '地址（可选）', 'reg.registeredOn': '成立日期（可选）', 'reg.do': '登记', 'reg.done': '已登记：{name}',
    'ent.actions': '档案维护', 'ent.correct': '更正', 'ent.rename': '更名', 'ent.status': '变更登记状态', 'ent.newName': '新名称', 'ent.newStatus': '新状态',
    'ent.effectiveOn': '生效日期（可选，默认今天）', 'ent.reason': '理由（记入审计日志）', 'ent.done': '已保存：{what}（版本 {version}）',
    'ent.stale': '该档案已被他人修改（您看到的是版本 {mine}，现在是版本 {now}）。请重新载入后再修改；您填写的内容未提交。',
    'ent.reload': '重新载入', 'ent.diffField': '字段', 'ent.diffMine': '您看到的', 'ent.diffNow': '现在',
    'ent.registerNew': '登记新企业', 'credit.add': '记录质量信用信息', 'credit.category': '类别', 'credit.occurredOn': '发生日期',
    'credit.documentNumber': '文书号', 'credit.department': '作出部门', 'credit.legalBasis': '法律依据', 'credit.description': '说明（可选）',
    'credit.done': '已记录：{what}', 'credit.regraded': '已重新评价：当前等级 {grade}',
    'action.objection': '提出异议', 'action.revokeRecord': '撤销记录', 'action.repairRecord': '信用修复',
    'confirm.objection': '提出异议后，该记录立即标记为“异议中”，由审核人员在期限内处理。',
    'confirm.revokeRecord': '提出撤销（今日 {date}）：须由另一名审核人批准；批准后该记录视为错误记录，不再公示，也不再计入信用等级。',
    'confirm.repairRecord': '信用修复：该记录自今日（{date}）起停止公示，不再计入信用等级。',
  },
  en: {
    'reg.title': 'Register an enterprise', 'reg.code': 'USCC or organisation code', 'reg.codeOk': 'Code is well-formed ({kind})', 'reg.kind.uscc': 'USCC', 'reg.kind.org': 'organisation code',
    'reg.name': 'Name', 'reg.legalRep': 'Legal representative', 'reg.legalRepId': 'Legal representative ID number (optional)', 'reg.industry': 'Industry (GB/T 4754 section)',
    'reg.region': 'Division code (optional; default from the code)', 'reg.address': 'Address (optional)', 'reg.registeredOn': 'Registered on (optional)', 'reg.do': 'Register', 'reg.done': 'Registered: {name}',
    'ent.actions': 'Maintain the record', 'ent.correct': 'Correct', 'ent.rename': 'Rename', 'ent.status': 'Change status', 'ent.newName': 'New name', 'ent.newStatus': 'New status',
    'ent.effectiveOn': 'Effective on (optional, default today)', 'ent.reason': 'Reason (goes to the audit log)', 'ent.done': 'Saved: {what} (version {version})',
    'ent.stale': 'Someone changed this record (you saw version {mine}, it is now version {now}). Reload it before changing it; nothing you typed was sent.',
    'ent.reload': 'Reload', 'ent.diffField': 'Field', 'ent.diffMine': 'You saw', 'ent.diffNow': 'Now',
    'ent.registerNew': 'Register an enterprise', 'credit.add': 'Record credit information', 'credit.category': 'Category', 'credit.occurredOn': 'Occurred on',
    'credit.documentNumber': 'Document number', 'credit.department': 'Issuing department', 'credit.legalBasis': 'Legal basis', 'credit.description': 'Description (optional)',
    'credit.done': 'Recorded: {what}', 'credit.regraded': 'Regraded: grade now {grade}',
    'action.objection': 'Raise objection', 'action.revokeRecord': 'Revoke record', 'action.repairRecord': 'Credit repair',
    'confirm.objection': 'Once raised, the record is marked disputed at once and a reviewer resolves it before the deadline.',
    'confirm.revokeRecord': 'Propose revocation (today, {date}): a second reviewer must approve; once approved the record counts as wrong, is no longer published nor counted in the grade.',
    'confirm.repairRecord': 'Credit repair: from today ({date}) the record is no longer published nor counted in the grade.',
  },
});

/** GB/T 4754-2017 sections, so a registrar picks a name rather than types a letter. */
export const INDUSTRY_SECTIONS = [
  ['A', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry, fishery'], ['B', '采矿业', 'Mining'], ['C', '制造业', 'Manufacturing'],
  ['D', '电力、热力、燃气及水生产和供应业', 'Electricity, heat, gas and water'], ['E', '建筑业', 'Construction'], ['F', '批发和零售业', 'Wholesale and retail'],
  ['G', '交通运输、仓储和邮政业', 'Transport, storage and post'], ['H', '住宿和餐饮业', 'Accommodation and catering'],
  ['I', '信息传输、软件和信息技术服务业', 'Information and software services'], ['J', '金融业', 'Finance'], ['K', '房地产业', 'Real estate'],
  ['L', '租赁和商务服务业', 'Leasing and business services'], ['M', '科学研究和技术服务业', 'Research and technical services'],
  ['N', '水利、环境和公共设施管理业', 'Water, environment and public facilities'], ['O', '居民服务、修理和其他服务业', 'Household and repair services'],
  ['P', '教育', 'Education'], ['Q', '卫生和社会工作', 'Health and social work'], ['R', '文化、体育和娱乐业', 'Culture, sports and entertainment'],
  ['S', '公共管理、社会保障和社会组织', 'Public administration and social organisations'], ['T', '国际组织', 'International organisations'],
];
