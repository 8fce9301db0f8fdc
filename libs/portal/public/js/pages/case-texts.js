import { addTexts } from '../i18n.js';

// Texts of the officer's and reviewer's screens (issue 16): proposal, case file, due-process steps.
addTexts({
  zh: {
    'case.title': '案卷', 'case.open': '查看案卷', 'case.steps': '办理经过', 'case.statements': '陈述申辩与听证', 'case.repairs': '信用修复申请',
    'case.audit': '审计记录', 'case.auditHidden': '审计记录仅审计员和管理员可查看（audit.read）。', 'case.actions': '可办理事项',
    'case.step': '步骤', 'case.fromTo': '状态', 'case.details': '详情', 'case.proposal': '提出', 'case.notice': '告知', 'case.decision': '决定',
    'case.drop': '不予列入', 'case.removal': '移出', 'case.noticeDate': '告知日期', 'case.statementDays': '陈述申辩期（天，可选）',
    'case.kind': '类型', 'case.receivedOn': '收到日期', 'case.summary': '内容摘要', 'case.none': '无',
    'step.propose': '提出拟列入', 'step.notify': '告知', 'step.record_statement': '记录陈述申辩', 'step.decide': '决定列入', 'step.drop': '不予列入',
    'step.expire': '期满移出', 'step.repair': '信用修复移出', 'step.revoke': '撤销', 'step.repair_apply': '提交修复申请', 'step.repair_refuse': '驳回修复申请',
    'kind.statement': '陈述申辩', 'kind.hearing_request': '听证申请', 'kind.waiver': '放弃陈述申辩',
    'propose.title': '提出拟列入严重失信名单', 'propose.listType': '名单类型', 'propose.reason': '列入事由', 'propose.legalBasis': '法律依据',
    'propose.penaltyNumber': '较重行政处罚决定书文号', 'propose.penaltyOn': '处罚决定日期', 'propose.penaltyAuthority': '处罚机关', 'propose.do': '提出拟列入',
    'propose.done': '已提出拟列入，等待告知。',
    'action.statement': '记录陈述申辩', 'action.applyRepair': '代企业提交修复申请', 'action.revoke': '撤销列入决定',
    'confirm.revoke': '撤销后，自今日（{date}）起该名单记录不再公示，合作部门核查不再因此受限；撤销理由记入案卷。',
    'repair.form.penalties': '行政处罚已履行', 'repair.form.harm': '社会危害已消除', 'repair.form.pledge': '已提交信用承诺书', 'repair.form.pledgeRef': '承诺书编号（可选）', 'repair.form.statement': '申请说明',
  },
  en: {
    'case.title': 'Case file', 'case.open': 'Case file', 'case.steps': 'Steps', 'case.statements': 'Statements and hearings', 'case.repairs': 'Repair applications',
    'case.audit': 'Audit entries', 'case.auditHidden': 'Audit entries are shown to auditors and administrators (audit.read).', 'case.actions': 'What can be done',
    'case.step': 'Step', 'case.fromTo': 'Status', 'case.details': 'Details', 'case.proposal': 'Proposed', 'case.notice': 'Notice', 'case.decision': 'Decision',
    'case.drop': 'Not listed', 'case.removal': 'Removal', 'case.noticeDate': 'Notice date', 'case.statementDays': 'Statement period (days, optional)',
    'case.kind': 'Kind', 'case.receivedOn': 'Received on', 'case.summary': 'Summary', 'case.none': 'None',
    'step.propose': 'Proposed', 'step.notify': 'Notified', 'step.record_statement': 'Statement recorded', 'step.decide': 'Decided: listed', 'step.drop': 'Not listed',
    'step.expire': 'Expired', 'step.repair': 'Removed by credit repair', 'step.revoke': 'Revoked', 'step.repair_apply': 'Repair applied for', 'step.repair_refuse': 'Repair refused',
    'kind.statement': 'Statement', 'kind.hearing_request': 'Hearing request', 'kind.waiver': 'Waiver',
    'propose.title': 'Propose a listing', 'propose.listType': 'List', 'propose.reason': 'Reason', 'propose.legalBasis': 'Legal basis',
    'propose.penaltyNumber': 'Heavier penalty decision number', 'propose.penaltyOn': 'Penalty decided on', 'propose.penaltyAuthority': 'Penalty authority', 'propose.do': 'Propose',
    'propose.done': 'Proposed; awaiting notice.',
    'action.statement': 'Record statement', 'action.applyRepair': 'File repair application', 'action.revoke': 'Revoke listing',
    'confirm.revoke': 'Once revoked, from today ({date}) the listing is no longer published and partner checks are no longer restricted by it; the reason goes on the case file.',
    'repair.form.penalties': 'Penalties fulfilled', 'repair.form.harm': 'Harm remedied', 'repair.form.pledge': 'Credit pledge filed', 'repair.form.pledgeRef': 'Pledge reference (optional)', 'repair.form.statement': 'Statement',
  },
});
