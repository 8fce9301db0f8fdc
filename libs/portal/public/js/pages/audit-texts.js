import { addTexts } from '../i18n.js';

// Texts of the auditor's screens (issue 16): audit log, chain verification, check log.
addTexts({
  zh: {
    'audit.title': '审计', 'audit.log': '审计日志', 'audit.checkLog': '核查日志', 'audit.filter': '筛选', 'audit.action': '操作类型（如 listing.decide）',
    'audit.entityType': '对象类型（如 blacklist.listing）', 'audit.entityId': '对象编号', 'audit.from': '起始日期', 'audit.to': '截止日期', 'audit.more': '加载更多',
    'audit.byActor': '只看此人', 'audit.actorFilter': '操作人：{name}', 'audit.clear': '清除筛选', 'audit.entity': '对象', 'audit.change': '变更内容',
    'audit.verify': '校验审计链', 'audit.verifyOk': '审计链完整：已逐条校验 {checked} 条记录。每条记录的哈希值都由其内容和前一条记录的哈希计算得出，任何一条被修改、删除或插入都会使校验失败。',
    'audit.verifyBroken': '审计链在第 {seq} 条记录处断开（{reason}）。已校验 {checked} 条。该条及其后的记录可能被篡改，请立即报告并保全数据库。',
    'checklog.who': '核查方', 'checklog.whom': '被核查企业', 'checklog.purpose': '用途', 'checklog.asOf': '基准日', 'checklog.agency': '核查方类型',
    'checklog.any': '全部', 'checklog.staff': '监管工作人员', 'checklog.actor': '核查人 / 部门名称', 'checklog.enterprise': '企业代码', 'checklog.verdict': '结论',
    'checklog.note': '查阅核查日志本身会记入审计日志。',
  },
  en: {
    'audit.title': 'Audit', 'audit.log': 'Audit log', 'audit.checkLog': 'Check log', 'audit.filter': 'Filter', 'audit.action': 'Action (e.g. listing.decide)',
    'audit.entityType': 'Entity type (e.g. blacklist.listing)', 'audit.entityId': 'Entity id', 'audit.from': 'From', 'audit.to': 'To', 'audit.more': 'Load more',
    'audit.byActor': 'Only this person', 'audit.actorFilter': 'Actor: {name}', 'audit.clear': 'Clear filters', 'audit.entity': 'Entity', 'audit.change': 'Change',
    'audit.verify': 'Verify the audit chain', 'audit.verifyOk': 'The audit chain is intact: {checked} entries verified one by one. Each entry\'s hash is computed from its content and the previous entry\'s hash, so changing, deleting or inserting any entry breaks the check.',
    'audit.verifyBroken': 'The audit chain breaks at entry {seq} ({reason}); {checked} entries verified. That entry and those after it may have been tampered with: report it and preserve the database.',
    'checklog.who': 'Who asked', 'checklog.whom': 'About', 'checklog.purpose': 'Purpose', 'checklog.asOf': 'As of', 'checklog.agency': 'Caller',
    'checklog.any': 'All', 'checklog.staff': 'Regulator staff', 'checklog.actor': 'User or agency name', 'checklog.enterprise': 'Enterprise code', 'checklog.verdict': 'Verdict',
    'checklog.note': 'Reading the check log is itself recorded in the audit log.',
  },
});
