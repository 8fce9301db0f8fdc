import { addTexts } from '../i18n.js';

// Texts of the grader's screens (issue 16): overrides and regrade runs.
addTexts({
  zh: {
    'grading.title': '等级评价', 'grading.start': '启动全量重新评价', 'grading.asOf': '评价基准日', 'grading.chunk': '每批企业数（可选）',
    'grading.runs': '评价批次', 'grading.progress': '进度', 'grading.changed': '等级变化', 'grading.model': '模型', 'grading.resume': '继续',
    'grading.watching': '批次 {asOf} 进行中：已处理 {processed} / {total}，等级变化 {changed}',
    'grading.finished': '批次 {asOf} 已完成：处理 {processed}，等级变化 {changed}', 'grading.failed': '批次 {asOf} 失败：{error}（可继续）',
    'status.running': '进行中', 'status.completed': '已完成', 'status.failed': '失败',
    'override.title': '提出等级调整', 'override.computed': '当前等级（模型计算）：{grade}，得分 {score}', 'override.grade': '调整为', 'override.do': '提出调整',
    'override.done': '已提出等级调整：{from} → {to}，等待审核人员批准。',
  },
  en: {
    'grading.title': 'Grading', 'grading.start': 'Start a full regrade', 'grading.asOf': 'As of', 'grading.chunk': 'Enterprises per chunk (optional)',
    'grading.runs': 'Regrade runs', 'grading.progress': 'Progress', 'grading.changed': 'Grades changed', 'grading.model': 'Model', 'grading.resume': 'Resume',
    'grading.watching': 'Run for {asOf} in progress: {processed} / {total} processed, {changed} grades changed',
    'grading.finished': 'Run for {asOf} completed: {processed} processed, {changed} grades changed', 'grading.failed': 'Run for {asOf} failed: {error} (can be resumed)',
    'status.running': 'Running', 'status.completed': 'Completed', 'status.failed': 'Failed',
    'override.title': 'Propose a grade override', 'override.computed': 'Current grade (computed): {grade}, score {score}', 'override.grade': 'Override to', 'override.do': 'Propose',
    'override.done': 'Override proposed: {from} → {to}; awaiting a reviewer.',
  },
});
