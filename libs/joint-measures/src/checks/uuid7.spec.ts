import { uuidv7 } from './uuid7.js';

describe('uuidv7 (receipt ids)', () => {
  it('is an RFC 9562 version-7 UUID carrying the millisecond time', () => {
    const now = Date.UTC(2026, 10, 22, 1, 2, 3, 456);
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('never repeats across more ids than one random block holds, and sorts by time', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect([...prefixes].sort()).toEqual(prefixes);
  });
});
