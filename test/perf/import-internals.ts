/**
 * The CSV import's building blocks, for the bench's cost breakdown (import-ladder.ts) only. They are internals of the
 * enterprises context and not part of its public surface (libs/enterprises/src/index.ts, issue 23): the benchmark
 * reaches them here, by path, so no production context can import them through `#qcr/enterprises`.
 * This file is the one place outside the context allowed to (the lint exception below); a copy would measure a copy.
 */
/* eslint-disable no-restricted-imports -- the bench measures the import's own internals, deliberately not public */
export { mapHeader, validateRow } from '../../libs/enterprises/src/import/csv-columns.js';
export { CsvReader } from '../../libs/enterprises/src/import/csv-reader.js';
export { decodeCsvBytes } from '../../libs/enterprises/src/import/decode.js';
export { copyLine } from '../../libs/enterprises/src/import/staging.js';
