import { seedFile } from '#qcr/platform';
import { readFileSync } from 'node:fs';
import type { MeasureFields } from './measures.repository.js';
import { CHECK_PURPOSES, GRADES, MEASURE_KINDS, TRIGGERS } from './measure.types.js';

interface SeedMeasure extends Omit<MeasureFields, 'triggerGrade'> {
  triggerGrade?: MeasureFields['triggerGrade'];
}

/** Reads seeds/joint-measures.json and checks each entry against the same rules the API enforces. */
export function loadMeasureSeed(path = seedFile('joint-measures.json')): MeasureFields[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { measures: SeedMeasure[] };
  return doc.measures.map((m) => {
    const ok =
      /^[A-Z][A-Z0-9_-]{2,63}$/.test(m.code) &&
      (CHECK_PURPOSES as readonly string[]).includes(m.purpose) &&
      (TRIGGERS as readonly string[]).includes(m.trigger) &&
      (MEASURE_KINDS as readonly string[]).includes(m.kind) &&
      (m.trigger === 'listed' ? !m.triggerGrade : (GRADES as readonly string[]).includes(m.triggerGrade ?? '')) &&
      !!m.legalBasis &&
      !!m.text?.zh &&
      !!m.text?.en;
    if (!ok) throw new Error(`seeds/joint-measures.json: measure ${m.code} is malformed`);
    return { ...m, triggerGrade: m.triggerGrade ?? null };
  });
}
