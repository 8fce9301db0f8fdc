import { BulkPace, orderedJobIds } from './bulk-pace.js';

describe('BulkPace: bulk deliveries a dispatch pass may take', () => {
  it('is unbounded while the API is idle, and idle passes cost nothing', () => {
    const pace = new BulkPace(50);
    expect(pace.allowance(false, 0)).toBe(Number.MAX_SAFE_INTEGER);
    pace.spent(500);
    expect(pace.allowance(true, 0)).toBe(50); // one second's worth, not 50 − 500
  });

  it('while busy, refills at the rate up to one second, in bursts, and pays back what a pass took beyond it', () => {
    const pace = new BulkPace(50);
    expect(pace.allowance(true, 0)).toBe(50);
    pace.spent(50);
    expect(pace.allowance(true, 100)).toBe(0); // 5 tokens: less than a burst (a second's worth at 50/s)
    expect(pace.allowance(true, 1_000)).toBe(50);
    pace.spent(60); // a decision took 10 older bulk deliveries of its keys along
    expect(pace.allowance(true, 2_000)).toBe(0); // −10 + 50
    expect(pace.allowance(true, 2_200)).toBe(50);
    expect(pace.allowance(true, 60_000)).toBe(50); // never more than a second's worth
  });

  it('gives a high rate out in bursts of 64 at least', () => {
    const pace = new BulkPace(1_000);
    pace.allowance(true, 0);
    pace.spent(1_000);
    expect(pace.allowance(true, 50)).toBe(0); // 50 tokens
    expect(pace.allowance(true, 70)).toBe(70);
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
