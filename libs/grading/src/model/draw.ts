import { createHash } from 'node:crypto';
import { type Grade, GRADES } from './grading-model.js';

/** sfc32 seeded from SHA-256 of the recorded seed: the same seed and inputs reproduce the same plan. */
export function seededRandom(seed: string): () => number {
  const h = createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0),
    b = h.readUInt32LE(4),
    c = h.readUInt32LE(8),
    d = h.readUInt32LE(12);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
}

export interface Candidate {
  enterpriseId: string;
  grade: Grade;
}

export interface DrawnItem {
  enterpriseId: string;
  grade: Grade;
  inspectors: string[];
}

/**
 * 双随机: per grade, round(rate × population) enterprises drawn without replacement, each with
 * `perEnterprise` distinct inspectors drawn from the pool. Inputs are sorted first, so their order does not matter. Pure.
 */
export function drawInspectionPlan(seed: string, candidates: Candidate[], rates: Record<Grade, number>, inspectors: string[], perEnterprise = 2): DrawnItem[] {
  const rand = seededRandom(seed);
  const pool = [...new Set(inspectors)].sort();
  const k = Math.min(perEnterprise, pool.length);
  const items: DrawnItem[] = [];
  for (const grade of GRADES) {
    const group = candidates
      .filter((c) => c.grade === grade)
      .map((c) => c.enterpriseId)
      .sort();
    const n = Math.min(group.length, Math.round(rates[grade] * group.length));
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (group.length - i)); // partial Fisher–Yates
      const enterpriseId = swap(group, i, j);
      const staff = [...pool];
      for (let s = 0; s < k; s++) {
        const t = s + Math.floor(rand() * (staff.length - s));
        swap(staff, s, t);
      }
      items.push({ enterpriseId, grade, inspectors: staff.slice(0, k).sort() });
    }
  }
  return items;
}

/** Swaps positions i and j (both in range: i ≤ j < length in the Fisher–Yates steps above); answers the new list[i]. */
function swap(list: string[], i: number, j: number): string {
  const a = list[i];
  const b = list[j];
  if (a === undefined || b === undefined) throw new RangeError(`cannot swap ${i} and ${j} in a list of ${list.length}`);
  list[i] = b;
  list[j] = a;
  return b;
}
