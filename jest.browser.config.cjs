/**
 * Browser tests (npm run test:browser): Debian's Chromium driven by playwright-core against the
 * real app on the run's embedded database. Same ESM/ts-jest setup and database lifecycle as
 * jest.config.cjs; only the folder and the file pattern differ.
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testRegex: '.*\\.browser\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120000,
};
