import { type Candidate, drawInspectionPlan } from './draw.js';
import { GRADES, type Grade } from './grading-model.js';

const rates: Record<Grade, number> = { AAA: 0.03, AA: 0.05, A: 0.1, B: 0.2, C: 0.5, D: 1 };
const population: Candidate[] = GRADES.flatMap((grade, g) =>
  Array.from({ length: 1000 }, (_, i) => ({ enterpriseId: `${g}-${String(i).padStart(4, '0')}`, grade })),
);
const inspectors = ['李明', '王芳', '张伟', '刘洋', '陈静'];

describe('inspection plan draw (双随机)', () => {
  it('reproduces the same plan from the same seed, whatever the input order', () => {
    const a = drawInspectionPlan('seed-1', population, rates, inspectors);
    const b = drawInspectionPlan('seed-1', [...population].reverse(), rates, [...inspectors].reverse());
    expect(b).toEqual(a);
    expect(drawInspectionPlan('seed-2', population, rates, inspectors)).not.toEqual(a);
  });

  it.each(GRADES.map((g) => [g, rates[g]] as const))('draws grade %s at its rate %p', (grade, rate) => {
    const plan = drawInspectionPlan('seed-1', population, rates, inspectors);
    const drawn = plan.filter((i) => i.grade === grade);
    expect(drawn.length).toBe(Math.round(rate * 1000));
    expect(new Set(drawn.map((i) => i.enterpriseId)).size).toBe(drawn.length);
  });

  it('assigns two distinct inspectors from the pool, spread across the pool', () => {
    const plan = drawInspectionPlan('seed-1', population, rates, inspectors);
    const load = new Map<string, number>();
    for (const item of plan) {
      expect(item.inspectors).toHaveLength(2);
      expect(new Set(item.inspectors).size).toBe(2);
      for (const p of item.inspectors) load.set(p, (load.get(p) ?? 0) + 1);
    }
    const expected = (plan.length * 2) / inspectors.length;
    for (const n of load.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });
});
