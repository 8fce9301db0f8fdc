// A small dictionary: Chinese by default, English on request (kept in localStorage).
const dict = {
  zh: {
    brand: '企业质量信用登记平台', 'nav.lookup': '公开查询', 'nav.check': '采购核查', 'nav.console': '监管工作台', 'nav.stats': '统计分析',
    footer: '数据来源：企业质量信用登记平台。公开信息不含个人信息。', 'footer.api': 'API 文档',
    skip: '跳到主要内容', loading: '加载中…', search: '查询', submit: '提交', cancel: '取消', next: '下一步', logout: '退出', close: '关闭',
    'lookup.title': '企业质量信用公开查询', 'lookup.hint': '输入企业名称、统一社会信用代码（18位）或组织机构代码（9位）',
    'lookup.placeholder': '例如 91350200776049653A 或 企业名称', 'lookup.notFound': '未找到该企业：{q}',
    'lookup.invalid': '代码无效（{rule}）：{message}',
    'lookup.noMatches': '没有名称包含“{q}”的企业。', 'lookup.matches': '找到 {n} 家企业',
    'lookup.grade': '质量信用等级', 'lookup.gradeDate': '评价日期', 'lookup.notGraded': '尚未评价', 'lookup.overridden': '经复核调整',
    'lookup.listings': '严重失信名单（公示中）', 'lookup.noListings': '无公示中的失信名单记录。',
    'code.length': '应为 18 位统一社会信用代码或 9 位组织机构代码，输入为 {given} 位', 'code.alphabet': '第 {position} 位字符“{given}”不允许出现',
    'code.check': '第 {position} 位校验字符应为 {expected}，输入为 {given}',
    'rule.length': '长度错误', 'rule.alphabet': '含非法字符', 'rule.uscc_check': '统一社会信用代码校验位错误', 'rule.org_check': '组织机构代码校验位错误',
    'field.uscc': '统一社会信用代码', 'field.orgCode': '组织机构代码', 'field.region': '所在地区', 'field.industry': '所属行业',
    'field.status': '登记状态', 'field.registeredOn': '成立日期', 'field.formerNames': '曾用名', 'field.name': '企业名称',
    'field.reason': '列入事由', 'field.legalBasis': '法律依据', 'field.decisionNumber': '决定文号', 'field.authority': '决定机关',
    'field.startDate': '列入日期', 'field.plannedEnd': '预计移出日期', 'field.listType': '名单类型',
    'check.title': '供应商信用核查', 'check.hint': '粘贴统一社会信用代码或组织机构代码（每行一个，或用逗号分隔），或上传 CSV 文件。',
    'check.codes': '企业代码', 'check.file': '或上传 CSV', 'check.purpose': '核查用途', 'check.asOf': '核查基准日（投标截止日）',
    'check.run': '开始核查', 'check.csv': '下载 CSV', 'check.print': '打印视图', 'check.empty': '请输入至少一个代码或选择文件。',
    'check.summary': '共 {count} 条：受限 {restricted}，优先 {priority}，无限制 {clear}，未登记 {not_registered}，代码无效 {invalid}',
    'check.batch': '核查批次', 'check.time': '核查时间', 'check.by': '核查人',
    'col.row': '序号', 'col.code': '输入代码', 'col.verdict': '核查结论', 'col.enterprise': '企业', 'col.grade': '等级',
    'col.detail': '失信事由 / 适用措施', 'col.receipt': '回执编号',
    'verdict.restricted': '受限', 'verdict.priority': '优先', 'verdict.clear': '无限制', 'verdict.not_registered': '未登记', 'verdict.invalid': '代码无效',
    'check.duplicate': '与第 {row} 行重复', 'print.title': '供应商质量信用核查结果', 'print.note': '本结果由企业质量信用登记平台出具，回执编号可在平台核验。', 'print.do': '打印',
    'purpose.government_procurement': '政府采购', 'purpose.public_bidding': '招标投标', 'purpose.financing': '融资授信',
    'purpose.insurance_guarantee': '保险与担保', 'purpose.honours': '评优评先', 'purpose.subsidies': '财政补贴',
    'purpose.licensing': '行政许可', 'purpose.state_land': '国有土地出让', 'purpose.office_holding': '任职资格',
    'session.none': '未登录', 'session.staff': '工作人员：{name}（{roles}）', 'session.partner': '合作部门密钥会话',
    'login.title': '工作人员登录', 'login.username': '用户名', 'login.password': '密码', 'login.do': '登录',
    'login.partnerTitle': '合作部门（API 密钥）', 'login.apiKey': 'API 密钥（X-API-Key）', 'login.usePartner': '使用密钥',
    'login.needed': '此页面需要登录。', 'login.staffOnly': '此页面仅限监管部门工作人员。',
    'console.title': '监管工作台', 'console.enterprise': '企业档案', 'console.queues': '工作队列', 'console.stats': '统计分析',
    'console.find': '按代码或名称查找企业', 'console.record': '企业档案', 'console.history': '变更历史', 'console.credit': '质量信用信息',
    'console.grade': '质量信用等级', 'console.gradeHistory': '等级历史', 'console.listings': '失信名单', 'console.none': '无',
    'console.legalRep': '法定代表人', 'console.address': '地址', 'console.version': '版本', 'console.unavailable': '暂不可用：{msg}',
    'console.score': '得分', 'console.model': '评价模型', 'console.overridden': '已人工调整', 'console.validFrom': '生效日期', 'console.validTo': '截止日期',
    'queue.awaiting_notice': '待告知的拟列入', 'queue.awaiting_decision': '已告知、陈述申辩期内', 'queue.deadline_passed': '陈述期已满、可决定',
    'queue.repair_pending': '待审核的信用修复申请', 'queue.overrides': '待审批的等级调整', 'queue.objections': '待处理的异议',
    'queue.empty': '队列为空。', 'queue.noActions': '您的角色无可执行操作',
    'action.notify': '告知', 'action.decide': '决定列入', 'action.drop': '不予列入', 'action.waiver': '记录放弃陈述',
    'action.approveRepair': '批准修复', 'action.refuseRepair': '驳回修复', 'action.approve': '批准', 'action.reject': '驳回',
    'action.uphold': '异议成立（撤销记录）', 'action.rejectObjection': '异议不成立', 'action.done': '已完成：{what}',
    'form.reason': '理由', 'form.decisionNumber': '决定文号', 'form.authority': '决定机关', 'form.startDate': '列入日期（默认今天）',
    'stats.title': '宏观质量统计分析', 'stats.by': '分组', 'stats.region': '按地区', 'stats.industry': '按行业', 'stats.level': '区划级别',
    'stats.province': '省级', 'stats.prefecture': '地市级', 'stats.county': '县级', 'stats.from': '起始日期', 'stats.to': '截止日期', 'stats.refresh': '刷新',
    'stats.csv': '导出 CSV', 'stats.total': '合计', 'stats.noData': '暂无数据。',
    'error.network': '无法连接服务器：{msg}', 'error.generic': '请求失败（{status}）',
    'status.proposed': '拟列入', 'status.notified': '已告知', 'status.listed': '公示中', 'status.dropped': '不予列入', 'status.expired': '期满移出',
    'status.repaired': '已信用修复', 'status.revoked': '已撤销', 'status.active': '有效', 'status.disputed': '异议中',
    'status.open': '待处理', 'status.upheld': '异议成立', 'status.rejected': '已驳回', 'status.approved': '已批准', 'status.withdrawn': '已撤回', 'status.pending': '待审核',
    'change.created': '登记', 'change.registered': '登记', 'change.corrected': '更正', 'change.renamed': '更名', 'change.status-changed': '状态变更', 'change.bulk-loaded': '批量导入',
    'change.imported': '文件导入', 'change.pii-key': '个人信息密钥轮换',
    'field.recordStatus': '记录状态', 'field.listingStatus': '名单状态', 'col.date': '日期', 'col.category': '类别', 'col.document': '文书号', 'col.department': '部门', 'col.publishUntil': '公示至',
    'col.proposed': '提出人 / 时间', 'col.deadline': '陈述期限', 'col.actions': '操作', 'col.record': '异议的记录', 'col.raised': '提出人 / 时间',
    'col.objDeadline': '处理期限', 'col.change': '变更', 'col.by': '操作人', 'col.at': '时间', 'col.explanation': '说明',
    'col.gradeChange': '当前等级 → 拟调整为', 'col.currentGrade': '当前等级（模型计算）', 'col.proposedGrade': '拟调整为', 'waived': '（已放弃陈述）',
    'confirm.title': '请确认', 'confirm.do': '确认{what}', 'confirm.back': '返回修改', 'confirm.irreversible': '此操作不可撤回。',
    'confirm.decide': '决定列入后，自 {date} 起该企业将在公开查询页公示于“{list}”，公示内容包括：企业名称与代码、列入事由、法律依据、决定文号 {number} 与决定机关 {authority}；合作部门核查该企业时结论为“受限”。',
    'confirm.drop': '不予列入：此拟列入程序终止，不会公示，企业不受限制。理由将记入案卷。',
    'confirm.approveRepair': '批准修复后，自今日（{date}）起该企业移出“{list}”：公开查询页不再显示此名单记录，合作部门核查不再因此受限。',
    'confirm.refuseRepair': '驳回修复：名单继续公示，驳回理由将告知企业并记入案卷。',
    'confirm.approveOverride': '批准后，自今日（{date}）起该企业公示等级由 {from} 调整为 {to}，公开查询页显示“经复核调整”。',
    'confirm.rejectOverride': '驳回：等级保持 {from}，不作调整。',
    'confirm.uphold': '异议成立：该信用记录自今日（{date}）起撤销，不再公示，也不再计入信用等级。',
    'confirm.rejectObjection': '异议不成立：该记录恢复为有效，继续按原期限公示。',
    'confirm.notify': '告知后，陈述申辩期开始计算（默认 {days} 个工作日），企业可在期内陈述申辩。此时尚不公示。',
    'repair.application': '修复申请', 'repair.appliedOn': '申请日期', 'repair.penalties': '已履行行政处罚', 'repair.harm': '已消除不良影响', 'repair.pledge': '信用承诺',
    'repair.statement': '申请说明', 'repair.eligibility': '资格核验', 'repair.handledBy': '经办人', 'repair.none': '没有待审核的修复申请', 'field.penalty': '行政处罚', 'yes': '是', 'no': '否',
    'session.expired': '登录已过期，请重新登录。页面上已填写的内容会保留，登录后操作将继续。', 'session.resume': '登录并继续',
  },
  en: {
    brand: 'Quality Credit Registry', 'nav.lookup': 'Public lookup', 'nav.check': 'Supplier check', 'nav.console': 'Regulator console', 'nav.stats': 'Statistics',
    footer: 'Source: the enterprise quality credit registry. Public information contains no personal data.', 'footer.api': 'API docs',
    skip: 'Skip to content', loading: 'Loading…', search: 'Search', submit: 'Submit', cancel: 'Cancel', next: 'Next', logout: 'Sign out', close: 'Close',
    'lookup.title': 'Public lookup of enterprise quality credit', 'lookup.hint': 'Enter a name, a unified social credit code (18 chars) or an organisation code (9 chars)',
    'lookup.placeholder': 'e.g. 91350200776049653A or a name', 'lookup.notFound': 'No enterprise found for {q}',
    'lookup.invalid': 'Invalid code ({rule}): {message}',
    'lookup.noMatches': 'No enterprise name contains "{q}".', 'lookup.matches': '{n} enterprises found',
    'lookup.grade': 'Quality credit grade', 'lookup.gradeDate': 'Graded on', 'lookup.notGraded': 'Not graded yet', 'lookup.overridden': 'adjusted on review',
    'lookup.listings': 'Blacklist entries in force', 'lookup.noListings': 'No published blacklist entries.',
    'code.length': 'expected 18 characters (USCC) or 9 (organisation code), given {given}', 'code.alphabet': 'character "{given}" at position {position} is not allowed',
    'code.check': 'check character at position {position} should be {expected}, given {given}',
    'rule.length': 'wrong length', 'rule.alphabet': 'illegal character', 'rule.uscc_check': 'USCC check character wrong', 'rule.org_check': 'organisation-code check character wrong',
    'field.uscc': 'USCC', 'field.orgCode': 'Organisation code', 'field.region': 'Region', 'field.industry': 'Industry',
    'field.status': 'Registration status', 'field.registeredOn': 'Registered on', 'field.formerNames': 'Former names', 'field.name': 'Name',
    'field.reason': 'Reason', 'field.legalBasis': 'Legal basis', 'field.decisionNumber': 'Decision number', 'field.authority': 'Deciding authority',
    'field.startDate': 'Listed on', 'field.plannedEnd': 'Planned end', 'field.listType': 'List',
    'check.title': 'Supplier check', 'check.hint': 'Paste USCCs or organisation codes (one per line or comma-separated), or upload a CSV file.',
    'check.codes': 'Codes', 'check.file': 'or upload a CSV', 'check.purpose': 'Purpose', 'check.asOf': 'As of (bid deadline)',
    'check.run': 'Check', 'check.csv': 'Download CSV', 'check.print': 'Printable view', 'check.empty': 'Enter at least one code or choose a file.',
    'check.summary': '{count} rows: restricted {restricted}, priority {priority}, clear {clear}, not registered {not_registered}, invalid {invalid}',
    'check.batch': 'Batch', 'check.time': 'Checked at', 'check.by': 'Checked by',
    'col.row': '#', 'col.code': 'Input code', 'col.verdict': 'Verdict', 'col.enterprise': 'Enterprise', 'col.grade': 'Grade',
    'col.detail': 'Reason / measures', 'col.receipt': 'Receipt',
    'verdict.restricted': 'Restricted', 'verdict.priority': 'Priority', 'verdict.clear': 'Clear', 'verdict.not_registered': 'Not registered', 'verdict.invalid': 'Invalid code',
    'check.duplicate': 'same as row {row}', 'print.title': 'Supplier quality credit check', 'print.note': 'Issued by the quality credit registry; receipt numbers can be verified there.', 'print.do': 'Print',
    'purpose.government_procurement': 'Government procurement', 'purpose.public_bidding': 'Public bidding', 'purpose.financing': 'Financing and credit',
    'purpose.insurance_guarantee': 'Insurance and guarantees', 'purpose.honours': 'Honours and awards', 'purpose.subsidies': 'Subsidies',
    'purpose.licensing': 'Licensing and market entry', 'purpose.state_land': 'State land', 'purpose.office_holding': 'Holding office',
    'session.none': 'Not signed in', 'session.staff': 'Staff: {name} ({roles})', 'session.partner': 'Partner key session',
    'login.title': 'Staff sign-in', 'login.username': 'User name', 'login.password': 'Password', 'login.do': 'Sign in',
    'login.partnerTitle': 'Partner agency (API key)', 'login.apiKey': 'API key (X-API-Key)', 'login.usePartner': 'Use key',
    'login.needed': 'This page needs you to sign in.', 'login.staffOnly': 'This page is for regulator staff only.',
    'console.title': 'Regulator console', 'console.enterprise': 'Enterprise', 'console.queues': 'Work queues', 'console.stats': 'Statistics',
    'console.find': 'Find an enterprise by code or name', 'console.record': 'Record', 'console.history': 'History', 'console.credit': 'Credit records',
    'console.grade': 'Grade', 'console.gradeHistory': 'Grade history', 'console.listings': 'Listings', 'console.none': 'None',
    'console.legalRep': 'Legal representative', 'console.address': 'Address', 'console.version': 'Version', 'console.unavailable': 'Not available: {msg}',
    'console.score': 'Score', 'console.model': 'Model', 'console.overridden': 'overridden', 'console.validFrom': 'From', 'console.validTo': 'Until',
    'queue.awaiting_notice': 'Proposals awaiting notice', 'queue.awaiting_decision': 'Notified, statement period running', 'queue.deadline_passed': 'Statement period over: ready to decide',
    'queue.repair_pending': 'Repair applications to review', 'queue.overrides': 'Grade overrides awaiting approval', 'queue.objections': 'Objections awaiting resolution',
    'queue.empty': 'Nothing in this queue.', 'queue.noActions': 'No actions for your role',
    'action.notify': 'Notify', 'action.decide': 'Decide listing', 'action.drop': 'Do not list', 'action.waiver': 'Record waiver',
    'action.approveRepair': 'Approve repair', 'action.refuseRepair': 'Refuse repair', 'action.approve': 'Approve', 'action.reject': 'Reject',
    'action.uphold': 'Uphold (revoke record)', 'action.rejectObjection': 'Reject objection', 'action.done': 'Done: {what}',
    'form.reason': 'Reason', 'form.decisionNumber': 'Decision number', 'form.authority': 'Deciding authority', 'form.startDate': 'Start date (default today)',
    'stats.title': 'Quality statistics', 'stats.by': 'Group', 'stats.region': 'By region', 'stats.industry': 'By industry', 'stats.level': 'Division level',
    'stats.province': 'Province', 'stats.prefecture': 'Prefecture', 'stats.county': 'County', 'stats.from': 'From', 'stats.to': 'To', 'stats.refresh': 'Refresh',
    'stats.csv': 'Export CSV', 'stats.total': 'Total', 'stats.noData': 'No data.',
    'error.network': 'Cannot reach the server: {msg}', 'error.generic': 'Request failed ({status})',
    'status.proposed': 'Proposed', 'status.notified': 'Notified', 'status.listed': 'Listed', 'status.dropped': 'Not listed', 'status.expired': 'Expired',
    'status.repaired': 'Repaired', 'status.revoked': 'Revoked', 'status.active': 'Active', 'status.disputed': 'Disputed',
    'status.open': 'Open', 'status.upheld': 'Upheld', 'status.rejected': 'Rejected', 'status.approved': 'Approved', 'status.withdrawn': 'Withdrawn', 'status.pending': 'Pending',
    'change.created': 'Registered', 'change.registered': 'Registered', 'change.corrected': 'Corrected', 'change.renamed': 'Renamed', 'change.status-changed': 'Status changed', 'change.bulk-loaded': 'Bulk-loaded',
    'change.imported': 'Imported from file', 'change.pii-key': 'Personal-data key rotated',
    'field.recordStatus': 'Record status', 'field.listingStatus': 'Listing status', 'col.date': 'Date', 'col.category': 'Category', 'col.document': 'Document', 'col.department': 'Department', 'col.publishUntil': 'Published until',
    'col.proposed': 'Proposed by / at', 'col.deadline': 'Statement deadline', 'col.actions': 'Actions', 'col.record': 'Record objected to', 'col.raised': 'Raised by / at',
    'col.objDeadline': 'Deadline', 'col.change': 'Change', 'col.by': 'By', 'col.at': 'At', 'col.explanation': 'Explanation',
    'col.gradeChange': 'Current grade → proposed', 'col.currentGrade': 'Current grade (computed)', 'col.proposedGrade': 'Proposed', 'waived': ' (statement waived)',
    'confirm.title': 'Please confirm', 'confirm.do': 'Confirm: {what}', 'confirm.back': 'Go back', 'confirm.irreversible': 'This cannot be undone.',
    'confirm.decide': 'Once decided, from {date} the enterprise is published on the public lookup under "{list}" with its name and codes, the reason, the legal basis, decision number {number} and authority {authority}; partner checks of it answer "restricted".',
    'confirm.drop': 'Do not list: the proposal ends here, nothing is published and the enterprise is not restricted. The reason goes on the case file.',
    'confirm.approveRepair': 'Once approved, from today ({date}) the enterprise leaves "{list}": the public lookup no longer shows this listing and partner checks are no longer restricted by it.',
    'confirm.refuseRepair': 'Refuse repair: the listing stays published; the reason is given to the enterprise and goes on the case file.',
    'confirm.approveOverride': 'Once approved, from today ({date}) the published grade changes from {from} to {to}, marked "adjusted on review" on the public lookup.',
    'confirm.rejectOverride': 'Reject: the grade stays {from}.',
    'confirm.uphold': 'Objection upheld: the credit record is revoked from today ({date}); it is no longer published nor counted in the grade.',
    'confirm.rejectObjection': 'Objection rejected: the record is active again and stays published until its original date.',
    'confirm.notify': 'Once notified, the statement period starts (by default {days} working days) and the enterprise may make statements. Nothing is published yet.',
    'repair.application': 'Repair application', 'repair.appliedOn': 'Applied on', 'repair.penalties': 'Penalties fulfilled', 'repair.harm': 'Harm remedied', 'repair.pledge': 'Credit pledge',
    'repair.statement': 'Statement', 'repair.eligibility': 'Eligibility', 'repair.handledBy': 'Handled by', 'repair.none': 'No pending repair application', 'field.penalty': 'Penalty', yes: 'yes', no: 'no',
    'session.expired': 'Your sign-in has expired. Sign in again: what you typed on the page stays, and the action carries on.', 'session.resume': 'Sign in and continue',
  },
};

/** Page modules add their own texts ({ zh: {...}, en: {...} }) so this file stays the shared core. */
export function addTexts(texts) {
  Object.assign(dict.zh, texts.zh);
  Object.assign(dict.en, texts.en);
}

export function lang() {
  return globalThis.localStorage?.getItem('qcr.lang') === 'en' ? 'en' : 'zh';
}

export function setLang(l) {
  globalThis.localStorage?.setItem('qcr.lang', l === 'en' ? 'en' : 'zh');
}

/** t('key', { n: 3 }) → the current language's text with {n} filled in; unknown keys show themselves. */
export function t(key, vars = {}) {
  const text = dict[lang()][key] ?? dict.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] === undefined ? `{${k}}` : String(vars[k])));
}

/** A { zh, en } label from the API in the current language. */
export function label(l) {
  if (!l) return '';
  if (typeof l === 'string') return l;
  return l[lang()] ?? l.zh ?? '';
}

/** A status value from the API (listing, credit record, objection, override) in words; unknown ones stay as sent. */
export function statusText(value) {
  const key = `status.${value}`;
  const text = t(key);
  return text === key ? String(value ?? '') : text;
}

export const dictionaries = dict;
