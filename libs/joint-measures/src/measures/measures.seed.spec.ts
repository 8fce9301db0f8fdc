import { loadMeasureSeed } from './measures.seed.js';
import { CHECK_PURPOSES } from './measure.types.js';

describe('seeds/joint-measures.json', () => {
  const measures = loadMeasureSeed();

  it('has unique codes', () => {
    expect(new Set(measures.map((m) => m.code)).size).toBe(measures.length);
  });

  it.each(CHECK_PURPOSES)('restricts a listed enterprise for %s (一处失信、处处受限)', (purpose) => {
    expect(measures.some((m) => m.purpose === purpose && m.trigger === 'listed' && m.kind === 'restriction')).toBe(true);
  });

  it.each(['government_procurement'])('gives %s priority from AA', (purpose) => {
    expect(measures).toContainEqual(expect.objectContaining({ purpose, trigger: 'grade_at_least', triggerGrade: 'AA', kind: 'incentive' }));
  });

  it.each(['honours', 'subsidies'])('restricts %s at grade C and below', (purpose) => {
    expect(measures).toContainEqual(expect.objectContaining({ purpose, trigger: 'grade_at_most', triggerGrade: 'C', kind: 'restriction' }));
  });
});
