import { addTexts } from '../i18n.js';

// Texts of the staff import page (issue 16).
addTexts({
  zh: {
    'imp.title': '批量导入', 'imp.kind': '导入内容', 'imp.kind.enterprises': '企业档案', 'imp.kind.creditRecords': '质量信用信息',
    'imp.file': 'CSV 文件（UTF-8 或 GBK）', 'imp.do': '上传并导入', 'imp.cancel': '取消上传',
    'imp.hint': '逐行校验，有错误的行不影响其他行；重复导入同一文件不会产生重复记录。列说明见 API 文档。Excel 文件请先另存为 CSV。',
    'imp.uploading': '正在上传：{loaded} / {total}（{pct}%）', 'imp.server': '文件已上传，服务器正在逐行校验并写入…（完成后显示结果）',
    'imp.cancelled': '已取消上传。已经写入的批次会保留；修正后重新导入同一文件不会产生重复。',
    'imp.done': '导入完成：读取 {read} 行，新增 {inserted}，更新 {updated}，未变化 {unchanged}，拒绝 {rejected}。',
    'imp.noChanges': '文件中的数据已全部在册，没有任何变化。',
    'imp.errors': '被拒绝的行', 'imp.line': '行号', 'imp.field': '字段', 'imp.rule': '规则', 'imp.message': '说明',
    'imp.download': '下载错误报告（CSV）', 'imp.truncated': '错误过多，仅列出前 {n} 条。', 'imp.regraded': '已重新评价 {n} 家企业。',
  },
  en: {
    'imp.title': 'Bulk import', 'imp.kind': 'What to import', 'imp.kind.enterprises': 'Enterprise records', 'imp.kind.creditRecords': 'Credit information',
    'imp.file': 'CSV file (UTF-8 or GBK)', 'imp.do': 'Upload and import', 'imp.cancel': 'Cancel upload',
    'imp.hint': 'Each row is checked on its own: a bad row never stops the good ones; importing the same file again adds nothing. Columns: see the API docs. Save Excel files as CSV first.',
    'imp.uploading': 'Uploading: {loaded} / {total} ({pct}%)', 'imp.server': 'File sent; the server is checking and writing the rows… (the result follows)',
    'imp.cancelled': 'Upload cancelled. Batches already written stay; importing the corrected file again adds no duplicates.',
    'imp.done': 'Import finished: {read} rows read, {inserted} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.',
    'imp.noChanges': 'Everything in the file is already on record: nothing changed.',
    'imp.errors': 'Rejected rows', 'imp.line': 'Line', 'imp.field': 'Field', 'imp.rule': 'Rule', 'imp.message': 'Message',
    'imp.download': 'Download the error report (CSV)', 'imp.truncated': 'Too many errors: the first {n} are listed.', 'imp.regraded': '{n} enterprises regraded.',
  },
});
