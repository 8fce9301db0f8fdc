import { addTexts } from '../i18n.js';

// Texts of the inspection-plan page (issue 16; DOMAIN.md §6 双随机、一公开).
addTexts({
  zh: {
    'plan.title': '双随机抽查计划', 'plan.draw': '抽取新计划', 'plan.list': '抽查计划', 'plan.name': '计划名称', 'plan.from': '检查起始日', 'plan.to': '检查截止日',
    'plan.region': '行政区划代码前缀（可选，如 3502）', 'plan.industry': '行业门类（可选）', 'plan.inspectors': '执法检查人员名录（每行一人）', 'plan.seed': '随机种子（可选，留空自动生成）',
    'plan.drawDo': '抽取', 'plan.scope': '范围', 'plan.period': '检查期间', 'plan.asOf': '等级基准日', 'plan.model': '评价模型', 'plan.rates': '各等级抽查比例',
    'plan.population': '在册企业（按等级）', 'plan.items': '抽中企业', 'plan.count': '抽中', 'plan.status': '状态', 'plan.open': '查看',
    'plan.status.draft': '草稿（未公开）', 'plan.status.published': '已公开', 'plan.inspectorsCol': '检查人员', 'plan.all': '全部',
    'plan.download': '下载计划（CSV）', 'plan.reproducible': '同一种子、同一在册企业可重现同一抽取结果。', 'plan.none': '还没有抽查计划。',
    'action.publishPlan': '公开计划',
    'confirm.publishPlan': '公开后，任何人可在公开查询中看到本计划：范围、期间、随机种子、抽查比例和抽中企业（名称、组织机构代码、等级、检查人数），不显示检查人员姓名。公开后不能再修改。',
  },
  en: {
    'plan.title': 'Random inspection plans', 'plan.draw': 'Draw a new plan', 'plan.list': 'Plans', 'plan.name': 'Title', 'plan.from': 'Inspections from', 'plan.to': 'Inspections to',
    'plan.region': 'Division code prefix (optional, e.g. 3502)', 'plan.industry': 'Industry section (optional)', 'plan.inspectors': 'Inspector pool (one per line)', 'plan.seed': 'Random seed (optional)',
    'plan.drawDo': 'Draw', 'plan.scope': 'Scope', 'plan.period': 'Period', 'plan.asOf': 'Grades as of', 'plan.model': 'Grading model', 'plan.rates': 'Inspection rate per grade',
    'plan.population': 'Enterprises on record (by grade)', 'plan.items': 'Enterprises drawn', 'plan.count': 'Drawn', 'plan.status': 'Status', 'plan.open': 'Open',
    'plan.status.draft': 'Draft (not public)', 'plan.status.published': 'Published', 'plan.inspectorsCol': 'Inspectors', 'plan.all': 'All',
    'plan.download': 'Download the plan (CSV)', 'plan.reproducible': 'The same seed and the same enterprises on record reproduce the same draw.', 'plan.none': 'No inspection plans yet.',
    'action.publishPlan': 'Publish plan',
    'confirm.publishPlan': 'Once published, anyone can see this plan on the public pages: scope, period, seed, rates and the enterprises drawn (name, organisation code, grade, number of inspectors) — not the inspectors\u2019 names. A published plan cannot be changed.',
  },
});
