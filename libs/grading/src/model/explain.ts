import type { StoredExplanation } from '../grading.types.js';

type Names = Map<string, { zh: string; en: string }>;

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** The stored (structured) explanation as sentences, in Chinese and English. Pure. */
export function explainInWords(e: StoredExplanation, names: Names): { zh: string[]; en: string[] } {
  const name = (code: string) => names.get(code) ?? { zh: code, en: code };
  if (e.imported) {
    return {
      zh: [`历史评价结果，由${e.imported.authority}评定，经导入（${e.imported.importId}）：${e.grade}。`],
      en: [`Historical grade from ${e.imported.authority}, imported (${e.imported.importId}): ${e.grade}.`],
    };
  }
  const zh: string[] = [`按评价模型 ${e.modelVersion}，基础分 ${e.baseScore}。`];
  const en: string[] = [`Model ${e.modelVersion}: base score ${e.baseScore}.`];
  if (e.lines.length === 0) {
    zh.push('评价日无计分的信用信息。');
    en.push('No credit information counts on this date.');
  }
  for (const l of e.lines) {
    const n = name(l.category);
    zh.push(`${l.occurredOn} ${n.zh}：${signed(l.points)} 分${l.capped ? `（本类年度上限，原为 ${signed(l.nominal)}）` : ''}，计分至 ${l.countsUntil} 前。`);
    en.push(
      `${l.occurredOn} ${n.en}: ${signed(l.points)} points${l.capped ? ` (annual cap for this category; nominally ${signed(l.nominal)})` : ''}, counts until ${l.countsUntil}.`,
    );
  }
  zh.push(`得分 ${e.score}，对应等级 ${e.thresholdGrade}。`);
  en.push(`Score ${e.score}, which is grade ${e.thresholdGrade} by the thresholds.`);
  for (const p of e.progression) {
    zh.push(`${p.wanted} 级须连续保持 ${p.requiresAtLeast} 级及以上满 ${p.years} 年${p.eligibleOn ? `（最早 ${p.eligibleOn}）` : ''}，暂不升级。`);
    en.push(`${p.wanted} needs ${p.years} year(s) at ${p.requiresAtLeast} or better${p.eligibleOn ? ` (eligible from ${p.eligibleOn})` : ''}; not yet.`);
  }
  for (const c of e.caps) {
    const why = c.id === 'active-listing' ? { zh: '列入严重失信名单', en: 'an active blacklist listing' } : { zh: `规则 ${c.id}`, en: `rule ${c.id}` };
    zh.push(`因${why.zh}，等级最高为 ${c.maxGrade}。`);
    en.push(`Because of ${why.en}, the grade is at most ${c.maxGrade}.`);
  }
  if (e.override) {
    zh.push(`经审核人批准调整为 ${e.override.grade}（计算结果 ${e.override.computedGrade}），理由：${e.override.reason}；有效至 ${e.override.validUntil}。`);
    en.push(
      `Overridden to ${e.override.grade} with a reviewer's approval (computed ${e.override.computedGrade}); reason: ${e.override.reason}; until ${e.override.validUntil}.`,
    );
  }
  zh.push(`评价结果：${e.override?.grade ?? e.grade}。`);
  en.push(`Grade: ${e.override?.grade ?? e.grade}.`);
  return { zh, en };
}
