import { addTexts } from '../i18n.js';

// Texts of the administrator's catalogue page (issue 16): credit categories and list types.
addTexts({
  zh: {
    'cat.title': '类别与名单设置', 'cat.categories': '质量信用信息类别', 'cat.listTypes': '名单类型设置',
    'cat.nameZh': '中文名称', 'cat.nameEn': '英文名称', 'cat.polarity': '性质', 'cat.severity': '严重程度',
    'cat.publication': '公示期（月）', 'cat.repairMin': '最短修复期（月）', 'cat.repairMinStrict': '食品药品特种设备最短修复期（月）',
    'cat.points': '评分影响（现行模型 {model}）', 'cat.grounds': '可作为列入依据', 'cat.active': '启用', 'cat.state': '状态',
    'cat.inactive': '已停用', 'cat.noPoints': '不计分', 'cat.pointsText': '{points} 分，{window} 个月内计分', 'cat.capText': '，每年上限 {cap} 分',
    'cat.pointsHint': '评分分值属于评价模型：在“等级评价 → 评价模型”中载入新版本修改。',
    'cat.legalBasis': '法律依据', 'cat.duration': '列入期限（年）', 'cat.statementDays': '陈述申辩期（天）', 'cat.repairYears': '最短修复期（年）',
    'cat.version': '版本', 'cat.listTypesHint': '修改只对之后提出的拟列入生效；已提出的案件仍按提出时的期限办理。',
    'polarity.negative': '负面', 'polarity.positive': '正面',
    'severity.minor': '轻微', 'severity.general': '一般', 'severity.serious': '严重', 'severity.positive': '—',
    'action.editCategory': '修改类别', 'action.editListType': '修改名单设置',
    'confirm.editCategory': '保存后立即生效：新登记的记录按新的公示期和修复期计算；“可作为列入依据”决定拟列入时是否认定处罚已在信用记录中。',
    'confirm.editListType': '保存后只对之后提出的拟列入生效（期限、陈述申辩期、最短修复期）；已提出和已列入的案件不受影响。',
    'cat.saved': '已保存：{what}（版本 {version}）',
  },
  en: {
    'cat.title': 'Categories and lists', 'cat.categories': 'Credit information categories', 'cat.listTypes': 'List types',
    'cat.nameZh': 'Chinese name', 'cat.nameEn': 'English name', 'cat.polarity': 'Kind', 'cat.severity': 'Severity',
    'cat.publication': 'Published (months)', 'cat.repairMin': 'Repair after (months)', 'cat.repairMinStrict': 'Repair after, food/drugs/special equipment (months)',
    'cat.points': 'Score effect (model {model})', 'cat.grounds': 'Can ground a listing', 'cat.active': 'Active', 'cat.state': 'State',
    'cat.inactive': 'Inactive', 'cat.noPoints': 'not scored', 'cat.pointsText': '{points} points, counted for {window} months', 'cat.capText': ', at most {cap} a year',
    'cat.pointsHint': 'Points belong to the grading model: load a new version under Grading → Grading model.',
    'cat.legalBasis': 'Legal basis', 'cat.duration': 'Term (years)', 'cat.statementDays': 'Statement period (days)', 'cat.repairYears': 'Repair after (years)',
    'cat.version': 'Version', 'cat.listTypesHint': 'Changes apply to listings proposed afterwards; cases already proposed keep the settings they were proposed under.',
    'polarity.negative': 'Negative', 'polarity.positive': 'Positive',
    'severity.minor': 'Minor', 'severity.general': 'General', 'severity.serious': 'Serious', 'severity.positive': '—',
    'action.editCategory': 'Edit category', 'action.editListType': 'Edit list settings',
    'confirm.editCategory': 'Takes effect at once: new records use the new publication and repair periods; "can ground a listing" decides whether a proposal finds the penalty on record.',
    'confirm.editListType': 'Applies to listings proposed from now on (term, statement period, repair minimum); cases already proposed or listed are not affected.',
    'cat.saved': 'Saved: {what} (version {version})',
  },
});
