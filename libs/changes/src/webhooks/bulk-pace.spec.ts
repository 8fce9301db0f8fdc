import { BulkPace, orderedJobIds } from './bulk-pace.js';

describe('BulkPace: bulk deliveries a dispatch pass may take', () => {
  it('is unbounded while the API is idle, and idle passes cost nothing', () => {
    const pace = new BulkPace(50);
    expect(pace.allowance(false, 0)).toBe(Number.MAX_SAFE_INTEGER);
    pace.spent(500);
    expect(pace.allowance(true, 0)).toBe(50); // one second's worth, not 50 − 500
  });

  it('while busy, refills at the rate up to one second and pays back what a pass took beyond it', () => {
    const pace = new BulkPace(50);
    expect(pace.allowance(true, 0)).toBe(50);
    pace.spent(50);
    expect(pace.allowance(true, 100)).toBe(5); // 100 ms at 50/s
    pace.spent(15); // a decision took 10 older bulk deliveries of its keys along
    expect(pace.allowance(true, 200)).toBe(0); // −10 + 5
    expect(pace.allowance(true, 400)).toBe(5);
    expect(pace.allowance(true, 60_000)).toBe(50); // never more than a second's worth
  });
});

describe('orderedJobIds: pg-boss job ids ascending in dispatch order', () => {
  it('are uuids that sort (as PostgreSQL compares uuids: bytewise, i.e. as lowercase hex) in the order given', () => {
    const ids = orderedJobIds(300, 1_764_000_000_000);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(300);
  });

  it('sort a later pass after an earlier one', () => {
    const [a] = orderedJobIds(1, 1_764_000_000_000);
    const [b] = orderedJobIds(1, 1_764_000_000_001);
    expect(a! < b!).toBe(true);
  });
});
