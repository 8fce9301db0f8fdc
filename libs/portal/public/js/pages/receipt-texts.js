import { addTexts } from '../i18n.js';

// Texts of the receipts and feedback pages (issue 16; 应查必查、反馈, docs/checks.md).
addTexts({
  zh: {
    'nav.receipts': '核查回执', 'rcpt.title': '核查回执与反馈', 'rcpt.hint': '应查必查、反馈：请对每次核查反馈采取了哪项措施，或未采取的原因。反馈率计入统计分析。',
    'rcpt.all': '全部', 'rcpt.missing': '待反馈', 'rcpt.time': '核查时间', 'rcpt.enterprise': '企业', 'rcpt.purpose': '用途', 'rcpt.asOf': '基准日',
    'rcpt.verdict': '核查结论', 'rcpt.number': '回执编号', 'rcpt.feedback': '反馈', 'rcpt.none': '没有核查回执。', 'rcpt.more': '加载更多',
    'rcpt.applied': '已采取措施 {measure}', 'rcpt.notApplied': '未采取措施：{reason}', 'rcpt.outcome': '反馈结果', 'rcpt.measure': '采取的措施',
    'rcpt.reason': '未采取的原因', 'rcpt.note': '备注（可选）', 'outcome.applied': '已采取措施', 'outcome.not_applied': '未采取措施',
    'action.giveFeedback': '反馈', 'fb.title': '反馈情况', 'fb.agency': '核查单位', 'fb.given': '反馈人', 'fb.staff': '监管人员',
  },
  en: {
    'nav.receipts': 'Receipts', 'rcpt.title': 'Check receipts and feedback', 'rcpt.hint': 'Check before acting, then report back: for each check, the measure you applied or why not. The feedback rate is reported in the statistics.',
    'rcpt.all': 'All', 'rcpt.missing': 'Awaiting feedback', 'rcpt.time': 'Checked at', 'rcpt.enterprise': 'Enterprise', 'rcpt.purpose': 'Purpose', 'rcpt.asOf': 'As of',
    'rcpt.verdict': 'Verdict', 'rcpt.number': 'Receipt number', 'rcpt.feedback': 'Feedback', 'rcpt.none': 'No check receipts.', 'rcpt.more': 'Load more',
    'rcpt.applied': 'Applied {measure}', 'rcpt.notApplied': 'Not applied: {reason}', 'rcpt.outcome': 'Outcome', 'rcpt.measure': 'Measure applied',
    'rcpt.reason': 'Why not', 'rcpt.note': 'Note (optional)', 'outcome.applied': 'Measure applied', 'outcome.not_applied': 'Not applied',
    'action.giveFeedback': 'Give feedback', 'fb.title': 'Feedback received', 'fb.agency': 'Checked by', 'fb.given': 'Given by', 'fb.staff': 'Regulator',
  },
});
