// A small dictionary: Chinese by default, English on request (kept in localStorage).
const dict = {
  zh: {
    brand: '企业质量信用登记平台', 'nav.lookup': '公开查询', 'nav.check': '采购核查', 'nav.console': '监管工作台', 'nav.stats': '统计分析',
    footer: '数据来源：企业质量信用登记平台。公开信息不含个人信息。', 'footer.api': 'API 文档',
    loading: '加载中…', search: '查询', submit: '提交', cancel: '取消', logout: '退出', close: '关闭',
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
    'check.codes': '企业代码', 'check.file': '或上传文件（CSV 或 Excel）', 'check.purpose': '核查用途', 'check.asOf': '核查基准日（投标截止日）',
    'check.run': '开始核查', 'check.csv': '下载 CSV', 'check.print': '打印视图', 'check.empty': '请输入至少一个代码或选择文件。',
    'check.summary': '共 {count} 条：受限 {restricted}，优先 {priority}，无限制 {clear}，未登记 {not_registered}，代码无效 {invalid}',
    'check.batch': '核查批次', 'check.time': '核查时间', 'check.by': '核查人',
    'col.row': '序号', 'col.code': '输入代码', 'col.verdict': '核查结论', 'col.enterprise': '企业', 'col.grade': '等级',
    'col.detail': '失信事由 / 适用措施', 'col.receipt': '回执编号',
    'verdict.restricted': '受限', 'verdict.priority': '优先', 'verdict.clear': '无限制', 'verdict.not_registered': '未登记', 'verdict.invalid': '代码无效',
    'col.status': '登记状态', 'regStatus.active': '存续', 'regStatus.deregistered': '注销', 'regStatus.revoked': '吊销',
    'standing.excluded': '禁止参与', 'standing.caution': '审慎核查', 'standing.priority': '优先',
    'standing.excluded.meaning': '列入严重失信名单且在有效期内：依法限制参与。',
    'standing.caution.meaning': '质量信用等级为 C 或 D：不予信用加分，审慎审查。',
    'standing.priority.meaning': '质量信用等级为 AA 及以上：依目录享受优先等激励措施。',
    'standing.statusWarning.meaning': '企业已注销或被吊销营业执照：请核实其主体资格。',
    'check.formats': '支持 CSV（UTF-8、GBK、GB18030）、Excel .xlsx（第一个工作表）；粘贴时可含企业名称等列，代码列自动识别。', 'check.template': '下载模板',
    'check.both': '请只使用一种方式：清空粘贴框，或取消所选文件。', 'check.line': '第 {line} 行', 'check.skipped': '{n} 行未读取：',
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
  },
  en: {
    brand: 'Quality Credit Registry', 'nav.lookup': 'Public lookup', 'nav.check': 'Supplier check', 'nav.console': 'Regulator console', 'nav.stats': 'Statistics',
    footer: 'Source: the enterprise quality credit registry. Public information contains no personal data.', 'footer.api': 'API docs',
    loading: 'Loading…', search: 'Search', submit: 'Submit', cancel: 'Cancel', logout: 'Sign out', close: 'Close',
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
    'check.codes': 'Codes', 'check.file': 'or upload a file (CSV or Excel)', 'check.purpose': 'Purpose', 'check.asOf': 'As of (bid deadline)',
    'check.run': 'Check', 'check.csv': 'Download CSV', 'check.print': 'Printable view', 'check.empty': 'Enter at least one code or choose a file.',
    'check.summary': '{count} rows: restricted {restricted}, priority {priority}, clear {clear}, not registered {not_registered}, invalid {invalid}',
    'check.batch': 'Batch', 'check.time': 'Checked at', 'check.by': 'Checked by',
    'col.row': '#', 'col.code': 'Input code', 'col.verdict': 'Verdict', 'col.enterprise': 'Enterprise', 'col.grade': 'Grade',
    'col.detail': 'Reason / measures', 'col.receipt': 'Receipt',
    'verdict.restricted': 'Restricted', 'verdict.priority': 'Priority', 'verdict.clear': 'Clear', 'verdict.not_registered': 'Not registered', 'verdict.invalid': 'Invalid code',
    'col.status': 'Registration', 'regStatus.active': 'Active', 'regStatus.deregistered': 'Deregistered', 'regStatus.revoked': 'Licence revoked',
    'standing.excluded': 'Excluded', 'standing.caution': 'Caution', 'standing.priority': 'Priority',
    'standing.excluded.meaning': 'Blacklist entry in force: may not take part.',
    'standing.caution.meaning': 'Grade C or D: no credit bonus, review with care.',
    'standing.priority.meaning': 'Grade AA or better: priority and other incentives per the catalogue.',
    'standing.statusWarning.meaning': 'Deregistered or licence revoked: verify the supplier still exists as a legal person.',
    'check.formats': 'CSV (UTF-8, GBK, GB18030) or Excel .xlsx (first sheet); pasted text may include names and other columns, the code column is found.', 'check.template': 'Download template',
    'check.both': 'Use one input only: clear the pasted codes or remove the chosen file.', 'check.line': 'line {line}', 'check.skipped': '{n} rows not read:',
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
  },
};

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

export const dictionaries = dict;
