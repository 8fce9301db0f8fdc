import type { BatchReport, BatchReportRow } from './batch-report.js';

export type Lang = 'zh' | 'en';

/** The report's language: English when the caller asks for it first (Accept-Language or ?lang=en), else Chinese. */
export function languageOf(lang: string | undefined, acceptLanguage: string | undefined): Lang {
  if (lang === 'en' || lang === 'zh') return lang;
  return /^\s*en/i.test(String(acceptLanguage ?? '')) ? 'en' : 'zh';
}

// Same words as the supplier-check page (libs/portal/public/js/i18n.js), so paper and screen agree.
const T = {
  zh: {
    title: '采购核查结果',
    batch: '批次编号',
    purpose: '核查用途',
    asOf: '核查日期',
    time: '核查时间（北京时间）',
    digest: '摘要（SHA-256）',
    summary: '结论汇总',
    page: '第 {n} / {total} 页',
    verify: '核验（扫描二维码或打开）：{url}',
    note: '本报告依据核查日志生成；未登记和代码无效的输入不产生回执，代码无效的行不在本报告中。回执编号或批次编号可在上述页面核验。',
    columns: [
      '序号',
      '代码',
      '企业名称',
      '核查结论',
      '信用状况',
      '登记状态',
      '质量信用等级',
      '列入名单（类型、事由、文号、期间）',
      '适用措施',
      '法律依据',
      '回执编号',
    ],
    verdict: { restricted: '受限', priority: '优先', clear: '无限制', not_registered: '未登记' },
    standing: { excluded: '禁止参与', caution: '审慎核查', priority: '优先', ordinary: '一般', not_registered: '未登记' },
    status: { active: '存续', deregistered: '注销', revoked: '吊销' },
    purposes: {
      government_procurement: '政府采购',
      public_bidding: '招标投标',
      financing: '融资授信',
      insurance_guarantee: '保险与担保',
      honours: '评优评先',
      subsidies: '财政补贴',
      licensing: '行政许可',
      state_land: '国有土地出让',
      office_holding: '任职资格',
    },
  },
  en: {
    title: 'Supplier check result',
    batch: 'Batch id',
    purpose: 'Purpose',
    asOf: 'As of',
    time: 'Checked at (Beijing time)',
    digest: 'Digest (SHA-256)',
    summary: 'Summary',
    page: 'Page {n} / {total}',
    verify: 'Verify (scan the QR code or open): {url}',
    note: 'Generated from the check log; invalid codes get no receipt and are not on this report. Receipt and batch ids can be verified at the address above.',
    columns: [
      'No.',
      'Code',
      'Enterprise',
      'Verdict',
      'Standing',
      'Registration',
      'Grade',
      'Listings (type, reason, decision, period)',
      'Measures',
      'Legal basis',
      'Receipt',
    ],
    verdict: { restricted: 'Restricted', priority: 'Priority', clear: 'Clear', not_registered: 'Not registered' },
    standing: { excluded: 'Excluded', caution: 'Caution', priority: 'Priority', ordinary: 'Ordinary', not_registered: 'Not registered' },
    status: { active: 'Active', deregistered: 'Deregistered', revoked: 'Licence revoked' },
    purposes: {
      government_procurement: 'Government procurement',
      public_bidding: 'Public bidding',
      financing: 'Financing and credit',
      insurance_guarantee: 'Insurance and guarantees',
      honours: 'Honours and awards',
      subsidies: 'Subsidies',
      licensing: 'Licensing and market entry',
      state_land: 'State land',
      office_holding: 'Holding office',
    },
  },
} as const;

export function texts(lang: Lang) {
  return T[lang];
}

const word = (table: Record<string, string>, key: string | null | undefined) => (key ? (table[key] ?? key) : '');

/** Beijing time as the page shows it (DOMAIN.md §10: legal dates and times are China time). */
export function beijingTime(iso: string, lang: Lang): string {
  const f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });
  return f.format(new Date(iso));
}

/** The header lines every format prints above the table. */
export function headerLines(report: BatchReport, lang: Lang): [string, string][] {
  const t = texts(lang);
  const s = report.summary;
  return [
    [t.batch, report.batchId],
    [t.purpose, word(t.purposes, report.purpose)],
    [t.asOf, report.asOf],
    [t.time, beijingTime(report.time, lang)],
    [t.summary, (Object.keys(s) as (keyof typeof s)[]).map((k) => `${t.verdict[k]} ${s[k]}`).join(lang === 'zh' ? '，' : ', ')],
    [t.digest, report.digest],
  ];
}

/** One table row in words, in the column order of `texts(lang).columns`. */
export function rowCells(r: BatchReportRow, lang: Lang): string[] {
  const t = texts(lang);
  const sep = lang === 'zh' ? '；' : '; ';
  const status = word(t.status, r.registrationStatus);
  return [
    r.position === null ? '' : String(r.position),
    r.code,
    r.enterprise?.name ?? '',
    word(t.verdict, r.verdict),
    word(t.standing, r.standing),
    r.statusWarning ? `！${status}` : status,
    r.grade ?? '',
    r.listings
      .map((l) => `${l.listTypeName?.[lang] ?? l.listType}${l.reason ? `：${l.reason}` : ''}（${l.decisionNumber}，${l.startDate}–${l.plannedEndDate}）`)
      .join(sep),
    r.measures.map((m) => `${m.code} ${m.text[lang]}`).join(sep),
    r.measures
      .map((m) => m.legalBasis)
      .filter(Boolean)
      .join(sep),
    r.receiptId,
  ];
}
