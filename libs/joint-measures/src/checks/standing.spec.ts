import type { Grade } from '../measures/measure.types.js';
import { type Standing, standingOf, statusWarningOf } from './standing.js';
import type { Verdict } from './verdict.js';

describe('standingOf (excluded / caution / priority)', () => {
  it.each<[string, Verdict, Grade | null, number, Standing]>([
    ['unknown code', 'not_registered', null, 0, 'not_registered'],
    ['listed, whatever the grade', 'restricted', 'AAA', 1, 'excluded'],
    ['listed D', 'restricted', 'D', 1, 'excluded'],
    ['listed, verdict clear for a purpose without a listed measure', 'clear', null, 1, 'excluded'],
    ['C without listing: caution, not exclusion', 'restricted', 'C', 0, 'caution'],
    ['D without listing (e.g. after removal, grade not yet recomputed)', 'restricted', 'D', 0, 'caution'],
    ['C for a purpose without a C measure is still caution', 'clear', 'C', 0, 'caution'],
    ['AA', 'priority', 'AA', 0, 'priority'],
    ['AAA for a purpose without incentives', 'clear', 'AAA', 0, 'priority'],
    ['A', 'clear', 'A', 0, 'ordinary'],
    ['B', 'clear', 'B', 0, 'ordinary'],
    ['ungraded', 'clear', null, 0, 'ordinary'],
  ])('%s', (_name, verdict, grade, listings, standing) => {
    expect(standingOf(verdict, grade, listings)).toBe(standing);
  });
});

describe('statusWarningOf (注销 / 吊销)', () => {
  it.each([
    ['active', null],
    ['deregistered', 'deregistered'],
    ['revoked', 'revoked'],
    [null, null],
  ])('%s → %s', (status, warning) => {
    expect(statusWarningOf(status)).toBe(warning);
  });
});
