import { maxMatchLength } from './pattern-length.js';

describe('maxMatchLength (maxLength stated beside a DTO pattern)', () => {
  it.each([
    ['^\\d{6}$', 6],
    ['^[A-T](?:\\d{2,4})?$', 5],
    ['^[a-z][a-z0-9_.-]{2,63}$', 64],
    ['^[0-9]{2,6}$', 6],
    ['^\\d{4}-\\d{2}-\\d{2}$', 10],
    ['^(ab|c)$', 2],
    ['^a+$', undefined],
    ['^a{2,}$', undefined],
    ['\\d{6}', undefined],
  ])('%s → %s', (pattern, expected) => {
    expect(maxMatchLength(pattern)).toBe(expected);
  });
});
