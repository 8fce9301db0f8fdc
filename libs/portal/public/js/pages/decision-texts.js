import { addTexts } from '../i18n.js';

// Texts of the reviewer's decisions on the enterprise's case file (issue 16): overrides, objections, revocations.
addTexts({
  zh: {
    'dec.title': '待决事项（案卷）', 'dec.none': '本企业没有待您决定的事项。', 'dec.hint': '每项决定前请核对下列证据；提出人不能自己批准（四眼原则）。',
    'dec.override': '等级调整申请', 'dec.objection': '信用记录异议', 'dec.recordRevocation': '信用记录拟撤销', 'dec.listingRevocation': '名单拟撤销',
    'dec.computed': '计算等级', 'dec.explanation': '计算依据', 'dec.requested': '申请调整为', 'dec.reason': '申请理由', 'dec.askedBy': '提出人',
    'dec.record': '所涉记录', 'dec.document': '文书号', 'dec.occurredOn': '发生日期', 'dec.department': '认定部门', 'dec.legalBasis': '法律依据',
    'dec.description': '情况说明', 'dec.objectionReason': '异议理由', 'dec.deadline': '处理期限', 'dec.revocationReason': '撤销理由',
    'dec.listing': '所涉名单', 'dec.decision': '列入决定', 'dec.inCaseFile': '在案卷中决定', 'dec.modelScore': '得分 {score} · 模型 {model}',
    'dec.recordStatus': '记录状态',
    'action.approveRevocation': '批准撤销', 'action.rejectRevocation': '不予撤销',
    'confirm.approveRecordRevocation': '批准撤销后，该信用记录自今日（{date}）起撤销：不再公示，也不再计入信用等级。',
    'confirm.rejectRecordRevocation': '不予撤销：记录保持原状态，继续公示并计入信用等级；理由记入审计日志。',
    'confirm.rejectListingRevocation': '不予撤销：名单继续公示，合作部门核查结论仍为“受限”；理由记入案卷。',
    'queue.revocation_pending': '待第二审核人批准的名单撤销', 'revocation.pending': '撤销待批准：{reason}（{by}）',
  },
  en: {
    'dec.title': 'Awaiting decision (case file)', 'dec.none': 'Nothing about this enterprise awaits your decision.', 'dec.hint': 'Check the evidence below before each decision; the proposer cannot approve their own proposal (four eyes).',
    'dec.override': 'Grade override request', 'dec.objection': 'Objection to a credit record', 'dec.recordRevocation': 'Credit record revocation proposed', 'dec.listingRevocation': 'Listing revocation proposed',
    'dec.computed': 'Computed grade', 'dec.explanation': 'How it was computed', 'dec.requested': 'Requested grade', 'dec.reason': 'Reason given', 'dec.askedBy': 'Asked by',
    'dec.record': 'Record', 'dec.document': 'Document number', 'dec.occurredOn': 'Occurred on', 'dec.department': 'Issuing department', 'dec.legalBasis': 'Legal basis',
    'dec.description': 'Description', 'dec.objectionReason': 'Objection', 'dec.deadline': 'Deadline', 'dec.revocationReason': 'Reason for revocation',
    'dec.listing': 'Listing', 'dec.decision': 'Decision', 'dec.inCaseFile': 'Decide in the case file', 'dec.modelScore': 'score {score} · model {model}',
    'dec.recordStatus': 'Record status',
    'action.approveRevocation': 'Approve revocation', 'action.rejectRevocation': 'Do not revoke',
    'confirm.approveRecordRevocation': 'Once approved, the credit record is revoked from today ({date}): no longer published and no longer counted in the grade.',
    'confirm.rejectRecordRevocation': 'Do not revoke: the record keeps its status, stays published and counts in the grade; the reason goes to the audit log.',
    'confirm.rejectListingRevocation': 'Do not revoke: the listing stays published and partner checks still answer "restricted"; the reason goes on the case file.',
    'queue.revocation_pending': 'Listing revocations awaiting a second reviewer', 'revocation.pending': 'Revocation awaiting approval: {reason} ({by})',
  },
});
