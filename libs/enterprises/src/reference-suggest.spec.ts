import { nearestCodes } from './reference-suggest.js';

const DIVISIONS = ['110000', '110100', '110101', '110102', '110105', '110108', '440000', '440300', '440303', '440305', '330106'];
const INDUSTRIES = ['C', 'C13', 'C131', 'C1311', 'C1312', 'C14', 'F', 'F51'];

describe('nearest valid codes for an unknown one (same prefix first)', () => {
  it.each([
    ['a county missing in Beijing', '110109', DIVISIONS, ['110108', '110105', '110102', '110101', '110100']],
    ['a Shenzhen district typo', '440306', DIVISIONS, ['440305', '440303', '440300']],
    ['a province nobody knows', '990000', DIVISIONS, []],
    ['an industry class one off', 'C1313', INDUSTRIES, ['C1312', 'C1311']],
    ['an industry division unknown', 'C15', INDUSTRIES, ['C14', 'C13']],
  ])('%s: %s', (_what, given, known, expected) => {
    expect(nearestCodes(given, known)).toEqual(expected);
  });
});
