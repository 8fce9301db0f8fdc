// Public surface of the identifiers library: pure functions, no Nest, no database.
// USCC (GB 32100-2015) and organisation code (GB 11714-1997); DOMAIN.md §3.
export { USCC_ALPHABET, USCC_WEIGHTS, ORG_BODY_ALPHABET, ORG_WEIGHTS } from './alphabet.js';
export { normalizeCode } from './normalize.js';
export { orgCheckChar, usccCheckChar } from './check-digits.js';
export { type CodeRule, formatOrgCode, parseEnterpriseCode, parseExceptionCode, type ParsedCode } from './parse.js';
export { randomOrgCode, randomUscc, seededRandom } from './random.js';
export {
  PERSON_DOCUMENT_TYPES,
  type ParsedPersonDocument,
  parsePersonDocument,
  parseResidentId,
  type PersonDocumentRule,
  type PersonDocumentType,
  personDigestInput,
  residentIdCheckChar,
} from './person-document.js';
