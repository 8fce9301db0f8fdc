import { todayInChina } from '#qcr/platform';

describe('todayInChina', () => {
  const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

  it('agrees with the IANA Asia/Shanghai zone on 20,000 instants from 1980 to 2100 (DST years included)', () => {
    const from = Date.UTC(1980, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const d = new Date(from + Math.floor(Math.random() * (to - from)));
      expect(todayInChina(d)).toBe(intl.format(d));
    }
  });

  it('turns the date at 16:00 UTC (midnight in Beijing)', () => {
    expect(todayInChina(new Date('2026-11-21T15:59:59.999Z'))).toBe('2026-11-21');
    expect(todayInChina(new Date('2026-11-21T16:00:00.000Z'))).toBe('2026-11-22');
  });
});
