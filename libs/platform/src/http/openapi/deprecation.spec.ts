import { deprecationHeaders } from './deprecation.js';

// docs/partners.md §8: RFC 9745 (Deprecation as a structured date), RFC 8594 (Sunset as an HTTP-date), ≥ 12 months.
describe('deprecationHeaders', () => {
  it('spells the three headers', () => {
    expect(deprecationHeaders({ since: '2027-01-01', sunset: '2028-01-01', successor: '/api/v2/checks/{code}' })).toEqual({
      Deprecation: '@1798761600',
      Sunset: 'Sat, 01 Jan 2028 00:00:00 GMT',
      Link: '</api/v2/checks/{code}>; rel="successor-version"',
    });
  });

  it.each([
    ['2027-01-01', '2027-12-31'],
    ['2027-01-01', 'soon'],
  ])('refuses a sunset of %s → %s', (since, sunset) => {
    expect(() => deprecationHeaders({ since, sunset, successor: '/api/v2/x' })).toThrow();
  });
});
