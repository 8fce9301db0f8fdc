import { readFileSync } from 'node:fs';
import { seedFile } from '#qcr/platform';
import { assignGrade } from '../model/assign.js';
import type { GradingModel } from '../model/grading-model.js';
import { eventDates, samePlan, type StoredGrade, walkHistory } from './rebuild-plan.js';

const model = JSON.parse(readFileSync(seedFile('grading-model-v1.json'), 'utf8')) as GradingModel;
const award = { id: 'r1', categoryCode: 'quality_award', occurredOn: '2021-03-01', status: 'active' };
const grade = (records: (typeof award)[]) => (asOf: string, standing: Record<string, string | null>) =>
  Promise.resolve(assignGrade(model, { records: records.filter((r) => r.occurredOn <= asOf), asOf, activeListings: [], standing }, null));
const TODAY = '2025-06-30';

describe('history rebuild plan', () => {
  it('walks the event dates: a record from its date and until its window ends', () => {
    expect(
      eventDates(model, '2021-01-01', TODAY, {
        records: [{ occurredOn: '2021-03-01', repairedOn: null }],
        listings: ['2026-01-01'],
        overrides: [],
        importEnds: [],
      }),
    ).toEqual(expect.arrayContaining(['2021-01-01', '2021-03-01', '2022-03-01', '2024-03-01']));
  });

  it('finds the day progression allows AA and walks it, with no event on that day', async () => {
    const dates = eventDates(model, '2021-01-01', TODAY, {
      records: [{ occurredOn: award.occurredOn, repairedOn: null }],
      listings: [],
      overrides: [],
      importEnds: [],
    });
    const rows = await walkHistory(dates, TODAY, { standing: null, grade: null }, [], 'v1', grade([award]));
    expect(rows.map((r) => [r.grade, r.score, r.validFrom, r.validTo])).toEqual([
      ['A', 80, '2021-01-01', '2021-03-01'],
      ['A', 90, '2021-03-01', '2023-01-01'], // held at A: two years at A from 2021-01-01
      ['AA', 90, '2023-01-01', '2024-03-01'], // the award's 36-month window ends
      ['A', 80, '2024-03-01', null],
    ]);
  });

  it('carries an imported period through: standing from it, no computed row inside it', async () => {
    const imported: StoredGrade = {
      grade: 'A',
      score: 75,
      overridden: false,
      overrideId: null,
      modelVersion: 'v1',
      validFrom: '2019-01-01',
      validTo: '2021-06-01',
      source: 'import',
      standing: {},
    };
    const dates = eventDates(model, '2021-01-01', TODAY, {
      records: [{ occurredOn: award.occurredOn, repairedOn: null }],
      listings: [],
      overrides: [],
      importEnds: ['2021-06-01'],
    });
    const rows = await walkHistory(
      dates,
      TODAY,
      { standing: { A: '2019-01-01', B: '2019-01-01', C: '2019-01-01', D: '2019-01-01' }, grade: 'A' },
      [imported],
      'v1',
      grade([award]),
    );
    expect(rows[0]).toMatchObject({ grade: 'AA', validFrom: '2021-06-01' }); // A since 2019 (imported) → AA at once
    expect(samePlan([{ ...imported }, ...rows.map((r) => ({ ...r, source: 'rebuild' }))], rows, '2021-01-01')).toBe(true);
  });
});
